//! Lines of the signature block met on the way through the body: set aside for
//! the roles (`signers.rs`), or put back as text when the body goes on after them.

use super::builder::Builder;
use crate::detect::roles::{self, SigTok};
use crate::text::cjk_punct;

/// Names that are blanks to fill, never parties: `工号：____`, `所属营业厅：____`.
const FIELD_WORDS: [&str; 20] = [
    "工号",
    "姓名",
    "岗位",
    "职务",
    "班组",
    "部门",
    "科室",
    "车间",
    "营业厅",
    "电话",
    "手机",
    "身份证",
    "编号",
    "所属",
    "所在",
    "地址",
    "职位",
    "工种",
    "证号",
    "名称",
];
/// Names of parties: `工业区`, `某某公司`, `施工单位`, `乙方`.
const PARTY_WORDS: [&str; 18] = [
    "方",
    "公司",
    "集团",
    "管委会",
    "委员会",
    "政府",
    "局",
    "园区",
    "工业区",
    "开发区",
    "企业",
    "单位",
    "项目部",
    "学校",
    "医院",
    "中心",
    "厂",
    "站",
];

fn party_name(name: &str) -> bool {
    PARTY_WORDS.iter().any(|w| name.contains(w)) && !FIELD_WORDS.iter().any(|w| name.contains(w))
}

impl Builder {
    /// The signature block is the last one: lines that looked like one but are followed
    /// by more of the body (`甲方：某公司` / `乙方：____车间` introducing the parties at
    /// the top) are text again, with their blanks.
    /// A block with a date line is a signature block wherever it stands (some texts put
    /// `签约人:发约人:日期:` under the title).
    pub(super) fn body_continues(&mut self) {
        let dated = self
            .sig
            .iter()
            .flatten()
            .any(|t| matches!(t, SigTok::Date { .. }));
        if dated {
            self.sig_text.clear();
            self.last_sig = false;
            return;
        }
        self.sig.clear();
        for text in std::mem::take(&mut self.sig_text) {
            self.paragraph(cjk_punct(&text));
        }
        self.last_sig = false;
    }

    /// Sets `t` aside as a line of the signature block when it is one; false when it is
    /// text.
    pub(super) fn signature_line(&mut self, t: &str) -> bool {
        let Some(toks) = roles::parse_sig(t) else {
            return false;
        };
        let has_role = toks.iter().any(|x| matches!(x, SigTok::Role { .. }));
        let labels: Vec<&str> = toks
            .iter()
            .filter_map(|x| match x {
                SigTok::Label { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        // A line of bare names is the parties' line when the next line names
        // as many representatives, or every name is a party's.
        let parties = !has_role
            && !labels.is_empty()
            && (self.next_reps == labels.len()
                || (self.last_sig && labels.iter().all(|n| party_name(n))));
        if parties {
            self.sig.push(toks);
            self.sig_text.push(t.to_string());
            self.last_sig = true;
            return true;
        }
        if !(has_role || self.last_sig) {
            return false;
        }
        // Blanks written beside the signature (`工号：____`) stay text, so
        // they become fields; parties' names stay in the block.
        let (fields, sig): (Vec<SigTok>, Vec<SigTok>) = toks
            .into_iter()
            .partition(|x| matches!(x, SigTok::Label { name, .. } if !party_name(name)));
        let text: Vec<String> = fields
            .into_iter()
            .filter_map(|x| match x {
                SigTok::Label { text, .. } => Some(text),
                _ => None,
            })
            .collect();
        if !sig.is_empty() {
            self.sig.push(sig);
            self.sig_text.push(t.to_string());
        }
        if !text.is_empty() {
            self.paragraph(cjk_punct(&text.join("　")));
        }
        self.last_sig = true;
        true
    }
}
