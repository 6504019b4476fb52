//! 签订率: for a year, per site and department, the people on the site's rosters, how
//! many of them signed an agreement of that year that is not void, and who did not.
//! A person is matched by employee number, else by name and department — the desk's
//! rule for finding a person.

use postgres::GenericClient;
use serde::Serialize;
use ts_rs::TS;

use crate::GroupError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GroupDepartment")]
pub struct Department {
    pub department: String,
    pub people: u64,
    pub signed: u64,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GroupSiteCoverage")]
pub struct SiteCoverage {
    pub site: String,
    pub departments: Vec<Department>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "GroupCoverage")]
pub struct Coverage {
    pub year: i32,
    pub sites: Vec<SiteCoverage>,
}

pub fn coverage(db: &mut impl GenericClient, year: i32) -> Result<Coverage, GroupError> {
    let rows = db.query(
        // One EXISTS per rule, so each can use its index (employee_no; year, site and
        // department): a CASE inside one EXISTS could use neither and read the site's
        // whole year for each person (BENCHMARKS.md, issue 25).
        "SELECT s.name, r.department, r.name,
                CASE WHEN r.employee_no IS NOT NULL AND r.employee_no <> ''
                THEN EXISTS (SELECT 1 FROM agreements a
                             WHERE a.employee_no = r.employee_no
                               AND a.site_id = r.site_id AND a.year = r.year
                               AND NOT EXISTS (SELECT 1 FROM voids v
                                               WHERE v.site_id = a.site_id AND v.number = a.number))
                ELSE EXISTS (SELECT 1 FROM agreements a
                             WHERE a.site_id = r.site_id AND a.year = r.year
                               AND a.department = r.department AND a.signer = r.name
                               AND NOT EXISTS (SELECT 1 FROM voids v
                                               WHERE v.site_id = a.site_id AND v.number = a.number))
                END
         FROM rosters r JOIN sites s ON s.id = r.site_id
         WHERE r.year = $1
         ORDER BY s.name, r.department, r.name",
        &[&year],
    )?;
    let mut sites: Vec<SiteCoverage> = Vec::new();
    for r in &rows {
        let (site, dept, name, signed): (String, String, String, bool) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        if sites.last().is_none_or(|s| s.site != site) {
            sites.push(SiteCoverage {
                site,
                departments: Vec::new(),
            });
        }
        let s = sites.last_mut().expect("pushed above");
        if s.departments.last().is_none_or(|d| d.department != dept) {
            s.departments.push(Department {
                department: dept,
                people: 0,
                signed: 0,
                missing: Vec::new(),
            });
        }
        let d = s.departments.last_mut().expect("pushed above");
        d.people += 1;
        if signed {
            d.signed += 1;
        } else {
            d.missing.push(name);
        }
    }
    Ok(Coverage { year, sites })
}
