//! `signdesk-cli search QUERY [filters] [--limit N] [--offset N]`.

use clap::Args;
use signdesk_core::dto::SearchFilters;
use signdesk_core::{AgreementStatus, CoreError, Desk};

use crate::output;

/// The filters shared by search, export and print.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// 年度 / year
    #[arg(long)]
    pub year: Option<i32>,
    /// 部门（完整名称）/ department (exact name)
    #[arg(long)]
    pub department: Option<String>,
    /// 模板 id / template id
    #[arg(long)]
    pub template: Option<String>,
    /// 状态：signed（已签署）或 voided（已作废）/ status: signed or voided
    #[arg(long)]
    pub status: Option<String>,
    /// 是否已考核：yes（已考核）或 no（未考核）/ assessed: yes or no
    #[arg(long)]
    pub assessed: Option<String>,
    /// 考核得分不低于 / current score at least
    #[arg(long)]
    pub score_min: Option<String>,
    /// 考核得分不高于 / current score at most
    #[arg(long)]
    pub score_max: Option<String>,
}

impl FilterArgs {
    /// The filters as the core takes them; a status typed in words (已作废, all) is
    /// read here, an unknown one is `invalid_status`.
    pub fn filters(&self, text: &str) -> Result<SearchFilters, CoreError> {
        let status = match self.status.as_deref().map(str::trim) {
            None | Some("" | "all" | "全部") => None,
            Some(s) => Some(AgreementStatus::parse(s)?),
        };
        let assessed = match self.assessed.as_deref().map(str::trim) {
            None | Some("" | "all" | "全部") => None,
            Some("yes" | "true" | "是" | "已考核") => Some(true),
            Some("no" | "false" | "否" | "未考核") => Some(false),
            Some(other) => {
                return Err(CoreError::invalid(
                    signdesk_core::ErrorKind::BadArgument,
                    format!("--assessed 应为 yes（已考核）或 no（未考核），不是“{other}”"),
                ))
            }
        };
        Ok(SearchFilters {
            text: text.to_string(),
            year: self.year,
            department: self.department.clone(),
            template: self.template.clone(),
            status,
            assessed,
            score_min: self.score_min.clone(),
            score_max: self.score_max.clone(),
            ..Default::default()
        })
    }
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// 姓名、拼音（zhangsan / zs）、工号、部门、编号或协议中的词句 / name, pinyin, employee no., department, number or phrase
    #[arg(default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// 每页条数（默认 50，最多 1000）/ page size
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// 跳过的条数 / hits to skip
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}

pub fn run(desk: &Desk, args: &SearchArgs, json: bool) -> Result<(), CoreError> {
    let mut f = args.filters.filters(&args.query)?;
    f.limit = args.limit;
    f.offset = args.offset;
    let r = desk.search(&f)?;
    if json {
        return output::json(&r);
    }
    for h in &r.hits {
        let status = if h.status == signdesk_core::AgreementStatus::Voided {
            "（已作废）"
        } else {
            ""
        };
        println!(
            "{}  {}  {}  {}年  {}{}",
            h.number, h.signer, h.department, h.year, h.title, status
        );
    }
    println!("共 {} 条，显示 {} 条", r.total, r.hits.len());
    Ok(())
}
