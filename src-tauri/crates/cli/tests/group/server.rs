//! The private PostgreSQL server the test command starts (`scripts/with-postgres.sh`):
//! each test gets its own fresh database on it.

use std::sync::atomic::{AtomicU32, Ordering};

/// The server's superuser connection string. The tests need the real server: run them
/// through `scripts/with-postgres.sh` (as `scripts/test.sh` does).
pub fn admin_url() -> String {
    std::env::var("SIGNDESK_TEST_PG_URL").expect(
        "SIGNDESK_TEST_PG_URL is not set: run the tests through scripts/with-postgres.sh \
         (scripts/test.sh does), which starts a private PostgreSQL server",
    )
}

/// `url` with its database replaced by `db`.
pub fn with_db(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{db}")
}

/// `url` with its user and password replaced.
pub fn as_user(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (_, host) = rest.split_once('@').expect("a URL with a user");
    format!("{scheme}://{user}:{password}@{host}")
}

/// A new, empty database for one test; answers its superuser connection string.
pub fn fresh_db(name: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let db = format!(
        "t_{name}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let admin = admin_url();
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("the test server");
    c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    with_db(&admin, &db)
}

pub fn client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("connect")
}
