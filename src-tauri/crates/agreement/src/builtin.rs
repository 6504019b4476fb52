//! Built-in templates: the company's own agreements from the seed file, one UTF-8 file
//! each under `builtin/`, turned into templates by [`detect`] at run time — no
//! structure is written by hand, so improving detection improves the built-ins.
//!
//! Left out of the seed on purpose: two job-duty descriptions (`客服部安全职责`,
//! `客服部经理安全生产职责范本` — written in the first person, nobody signs them), a
//! responsibility list (`客服安全生产责任清单`), a department description
//! (`物业公司客服部目标责任书` numbered `1. 责任部门概述 …`), and the first copy of
//! `客服部安全目标责任书` (2018), a near-duplicate of the last one with its lines broken
//! mid-sentence and no signature block (kept as a test fixture for line rejoining).

use crate::detect::detect;
use crate::model::{Doubt, DoubtItem, Role, Side, Signs, Template};

/// A built-in template with a stable ASCII id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builtin {
    pub id: &'static str,
    pub template: Template,
}

/// The source texts, by id.
pub const SOURCES: [(&str, &str); 13] = [
    (
        "kehu-fuwu-yuangong-anquan",
        include_str!("../builtin/01-kehu-fuwu-yuangong-anquan.txt"),
    ),
    (
        "kefu-anquan-shengchan-qingyuan-2012",
        include_str!("../builtin/02-kefu-anquan-shengchan-qingyuan-2012.txt"),
    ),
    (
        "gongnuan-zhanggui-anquan-mubiao",
        include_str!("../builtin/03-gongnuan-zhanggui-anquan-mubiao.txt"),
    ),
    (
        "ranqi-kefu-anquan-shengchan-mubiao",
        include_str!("../builtin/04-ranqi-kefu-anquan-shengchan-mubiao.txt"),
    ),
    (
        "gongshui-mubiao",
        include_str!("../builtin/05-gongshui-mubiao.txt"),
    ),
    (
        "kefu-gongzuo-mubiao-renwu",
        include_str!("../builtin/06-kefu-gongzuo-mubiao-renwu.txt"),
    ),
    (
        "wuye-kefu-mubiao-zhize",
        include_str!("../builtin/07-wuye-kefu-mubiao-zhize.txt"),
    ),
    (
        "kefu-gongzuo-mubiao-liangfen",
        include_str!("../builtin/08-kefu-gongzuo-mubiao-liangfen.txt"),
    ),
    (
        "kefu-mubiao-zeren-qixian",
        include_str!("../builtin/09-kefu-mubiao-zeren-qixian.txt"),
    ),
    (
        "wuye-kefu-mubiao-gaishu",
        include_str!("../builtin/10-wuye-kefu-mubiao-gaishu.txt"),
    ),
    (
        "wuye-kefu-zhuguan-mubiao",
        include_str!("../builtin/11-wuye-kefu-zhuguan-mubiao.txt"),
    ),
    (
        "kefu-yingye-gangwei-anquan-jixiao-2023",
        include_str!("../builtin/12-kefu-yingye-gangwei-anquan-jixiao-2023.txt"),
    ),
    (
        "kefu-anquan-mubiao-2018",
        include_str!("../builtin/13-kefu-anquan-mubiao-2018.txt"),
    ),
];

/// All built-in templates, in a stable order. A source that failed detection would be
/// skipped (the test suite asserts that none does).
pub fn builtins() -> Vec<Builtin> {
    SOURCES
        .iter()
        .filter_map(|(id, text)| made(id, text))
        .collect()
}

/// One built-in by id.
pub fn builtin(id: &str) -> Option<Builtin> {
    SOURCES
        .iter()
        .find(|(i, _)| *i == id)
        .and_then(|(id, text)| made(id, text))
}

fn made(id: &'static str, text: &str) -> Option<Builtin> {
    let template = with_editors_role(detect(text).ok()?);
    Some(Builtin { id, template })
}

/// Several of the company's own texts end without a signature block (their signing
/// page was a separate sheet). Detection never invents a role for a text; a built-in,
/// though, must be signable as shipped, so SignDesk's editors give those one signer
/// role — and say so in a doubt the organiser sees in the editor.
fn with_editors_role(mut t: Template) -> Template {
    if !t.roles.is_empty() {
        return t;
    }
    let label = "责任人（签字）";
    t.roles.push(Role {
        key: "signer".into(),
        label: label.into(),
        signs: Signs::Hand,
        side: Side::Signer,
        representative: None,
    });
    t.doubts.retain(|d| d.item != DoubtItem::Role);
    t.doubts.push(Doubt {
        item: DoubtItem::Role,
        key: Some("signer".into()),
        note: format!("原文没有签字栏：签约台为这份内置模板添加了“{label}”，请确认或修改"),
    });
    t
}
