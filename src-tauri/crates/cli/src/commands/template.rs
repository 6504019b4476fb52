//! `signdesk-cli template import|list|show`.

use signdesk_core::ErrorKind;
use std::path::Path;

use clap::Subcommand;
use serde::Serialize;
use signdesk_core::dto::TemplateDetail;
use signdesk_core::{CoreError, Desk};

use crate::output;

#[derive(Subcommand)]
pub enum TemplateCommand {
    /// 从 .txt 或 .docx 导入协议并识别结构 / import a .txt or .docx agreement and detect its structure
    Import {
        /// 协议文件 / the agreement file
        file: std::path::PathBuf,
    },
    /// 列出模板及其版本 / list templates with their versions
    List,
    /// 显示一个模板的结构 / show a template's structure
    Show {
        /// 模板编号 / template id
        id: String,
        /// 版本（默认最新）/ version (default: latest)
        #[arg(long)]
        version: Option<u32>,
    },
}

/// The outline printed by `import` and `show`: counts and keys, not the whole text.
#[derive(Serialize)]
struct Outline<'a> {
    id: &'a str,
    version: u32,
    title: &'a str,
    sections: Vec<SectionOutline<'a>>,
    clauses: usize,
    fields: Vec<FieldOutline<'a>>,
    roles: Vec<RoleOutline<'a>>,
    copies: u32,
    period: Option<&'a str>,
}

#[derive(Serialize)]
struct SectionOutline<'a> {
    number: &'a str,
    heading: &'a str,
    clauses: usize,
}

#[derive(Serialize)]
struct FieldOutline<'a> {
    key: &'a str,
    label: &'a str,
    kind: signdesk_core::agreement::FieldKind,
}

#[derive(Serialize)]
struct RoleOutline<'a> {
    key: &'a str,
    label: &'a str,
    signs: signdesk_core::agreement::Signs,
    side: signdesk_core::agreement::Side,
}

fn outline(d: &TemplateDetail) -> Outline<'_> {
    use signdesk_core::agreement::Block;
    let t = &d.template;
    Outline {
        id: &d.id,
        version: d.version,
        title: &t.title,
        sections: t
            .sections
            .iter()
            .map(|s| SectionOutline {
                number: &s.number,
                heading: &s.heading,
                clauses: s
                    .blocks
                    .iter()
                    .filter(|b| matches!(b, Block::Clause { .. }))
                    .count(),
            })
            .collect(),
        clauses: t.clause_count(),
        fields: t
            .fields
            .iter()
            .map(|f| FieldOutline {
                key: &f.key,
                label: &f.label,
                kind: f.kind,
            })
            .collect(),
        roles: t
            .roles
            .iter()
            .map(|r| RoleOutline {
                key: &r.key,
                label: &r.label,
                signs: r.signs,
                side: r.side,
            })
            .collect(),
        copies: t.copies,
        period: t.period.as_deref(),
    }
}

fn print_detail(d: &TemplateDetail, json: bool) -> Result<(), CoreError> {
    let o = outline(d);
    if json {
        return output::json(&o);
    }
    println!("{}（{}，第 {} 版）", o.title, o.id, o.version);
    println!(
        "{} 节，{} 条，一式 {} 份",
        o.sections.len(),
        o.clauses,
        o.copies
    );
    for f in &o.fields {
        println!("  待填：{}（{}）", f.label, f.key);
    }
    for r in &o.roles {
        println!("  签署：{}（{}）", r.label, r.key);
    }
    // Detection found no signature block naming a signer: say so, and where to fix it.
    if let Err(e) = d.template.require_signer() {
        println!("  注意：{e}（在签约台的模板编辑中添加；添加之前不能签署）");
    }
    Ok(())
}

pub fn run(desk: &mut Desk, cmd: &TemplateCommand, json: bool) -> Result<(), CoreError> {
    match cmd {
        TemplateCommand::Import { file } => {
            let bytes = read_file(file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            print_detail(&desk.import_template(&name, &bytes)?, json)
        }
        TemplateCommand::Show { id, version } => print_detail(&desk.template(id, *version)?, json),
        TemplateCommand::List => {
            let list = desk.templates()?;
            if json {
                return output::json(&list);
            }
            for t in &list {
                println!("{}\t第 {} 版\t{}", t.id, t.latest_version, t.title);
            }
            Ok(())
        }
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, CoreError> {
    std::fs::read(path).map_err(|e| {
        CoreError::invalid(
            ErrorKind::FileUnreadable,
            format!("无法读取文件 {}：{e}", path.display()),
        )
    })
}
