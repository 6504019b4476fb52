//! Prints the scheme detected in a text file, as JSON: a look at what detection reads.
//! `cargo run -p signdesk-assess --example scheme -- FILE.txt`

fn main() {
    let path = std::env::args().nth(1).expect("usage: scheme FILE.txt");
    let text = std::fs::read_to_string(&path).expect("a UTF-8 text file");
    let scheme = signdesk_assess::detect(&text);
    println!("{}", serde_json::to_string_pretty(&scheme).expect("JSON"));
}
