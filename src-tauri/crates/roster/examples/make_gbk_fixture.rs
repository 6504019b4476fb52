//! Writes `tests/fixtures/roster_gbk.csv` the way Excel on Chinese Windows saves
//! "CSV (逗号分隔)": GBK, CRLF, no BOM. Run: `cargo run -p signdesk-roster --example
//! make_gbk_fixture`.

fn main() {
    let text = "工号,姓名,部门,岗位\r\n\
                1001,张三,客服部,客服专员\r\n\
                1002,李四,安全环保部,安全员\r\n\
                1003,单雄信,燃气输配部,管网巡检工\r\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/roster_gbk.csv");
    std::fs::write(path, &bytes).unwrap();
    println!("wrote {path} ({} bytes)", bytes.len());
}
