use signdesk_core::{CoreError, Desk};

use crate::output;

pub fn run(desk: &Desk, json: bool) -> Result<(), CoreError> {
    let info = desk.info()?;
    if json {
        return output::json(&info);
    }
    let c = &info.counts;
    println!("档案库：{}", info.archive_path);
    println!("结构版本：{}", info.schema_version);
    println!(
        "模板 {} 个（{} 个版本），人员 {} 人，协议 {} 份（作废 {} 份），审计记录 {} 条",
        c.templates, c.template_versions, c.people, c.agreements, c.voided, c.audit_entries
    );
    println!("审计链头：{}", info.audit_head);
    Ok(())
}
