# One entry point for checks. The scripts do their own set-up (apt, npm, tauri-driver).
.PHONY: run test check bindings e2e fmt fuzz

run:            ## set up, build and start the app on the default archive
	./scripts/run.sh

test:           ## set up and run every test (what CI runs)
	./scripts/test.sh

check:          ## quick loop: fmt, clippy, Rust and UI unit tests (no app build)
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace --exclude signdesk-e2e
	cd ui && npx vitest run

bindings:       ## regenerate ui/src/ipc/bindings.ts and commands.ts from the Rust code
	SIGNDESK_UPDATE_BINDINGS=1 cargo test -p signdesk-core bindings
	SIGNDESK_UPDATE_BINDINGS=1 cargo test -p signdesk commands_ts

e2e:            ## build the app and run the end-to-end tests only
	./scripts/build-app.sh
	. scripts/env.sh && cargo test -p signdesk-e2e -- --test-threads=1

fuzz:           ## fuzz every parser target for 150 s each (nightly; not in CI)
	./scripts/fuzz.sh

fmt:
	cargo fmt --all
