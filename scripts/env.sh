# Sourced by the scripts: shared settings for builds and tests.
# The Cargo target directory lives outside the checkout by default so that a fresh
# clone (CI) reuses compiled dependencies instead of rebuilding ~300 crates; cargo's
# fingerprints still rebuild everything whose sources changed.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/signdesk-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
