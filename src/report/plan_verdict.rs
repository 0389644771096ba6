//! `verify SCENARIO plan.csv` in words: lines for a terminal, or JSON (the verdict of [`crate::verify::plan`] with
//! each violation's sentence).

use super::format::{money, Lang};
use super::verdict::inert;
use crate::verify::plan::{PlanMismatch, PlanOptimality, PlanVerdict};
use serde::Serialize;

/// A mismatch in words: "line 4 (need N-0002), price: read `1.00`, recomputed `55718.29`".
pub fn mismatch(m: &PlanMismatch) -> String {
    inert(&format!("line {} (need {}), {}: read `{}`, recomputed `{}`", m.line, m.need, m.column, m.read, m.recomputed))
}

/// The comparison with the best plan in words (None: not checked).
pub fn optimality(o: &PlanOptimality) -> Option<String> {
    let lang = Lang::En;
    match o {
        PlanOptimality::NotChecked => None,
        PlanOptimality::NoBestPlan => Some("the scenario's solver finds no plan to compare with".into()),
        PlanOptimality::Compared { best_cost, proven_optimal, difference } => Some(format!(
            "the scenario's solver finds {} ({}): this plan costs {} {}",
            money(*best_cost, lang),
            if *proven_optimal { "proven optimal" } else { "not proven optimal" },
            money(difference.abs(), lang),
            if difference.is_sign_negative() && !difference.is_zero() { "less" } else { "more" }
        )),
    }
}

/// The verdict for a terminal.
pub fn terminal(file: &str, v: &PlanVerdict) -> String {
    let lang = Lang::En;
    let mut out = format!("Plan {}: {} needs\n", inert(file), v.needs);
    out.push_str(&format!(
        "Cost (exact): contracts {}, waiting {}, total {}\n",
        money(v.cost.contracts, lang),
        money(v.cost.waiting, lang),
        money(v.cost.total(), lang)
    ));
    for violation in &v.violations {
        out.push_str(&format!("BROKEN: {}\n", inert(&violation.to_string())));
    }
    for m in &v.mismatches {
        out.push_str(&format!("MISMATCH: {}\n", mismatch(m)));
    }
    match optimality(&v.optimality) {
        Some(words) => {
            let mut chars = words.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
            out.push_str(&format!("{first}{}.\n", chars.as_str()));
        }
        None => out.push_str("Optimality not checked.\n"),
    }
    if v.valid {
        out.push_str("VALID: every deadline, capacity per period, precedence and principle holds.\n");
    } else {
        out.push_str(&format!("{}: NOT valid under {}.\n", inert(file), inert(&v.scenario)));
    }
    out
}

/// The verdict as pretty JSON with a final newline (text read from files is kept as read: JSON escapes it).
pub fn json(file: &str, v: &PlanVerdict) -> Vec<u8> {
    #[derive(Serialize)]
    struct Out<'a> {
        file: &'a str,
        #[serde(flatten)]
        verdict: &'a PlanVerdict,
        violation_words: Vec<String>,
        optimality_words: Option<String>,
    }
    let out = Out {
        file,
        verdict: v,
        violation_words: v.violations.iter().map(ToString::to_string).collect(),
        optimality_words: optimality(&v.optimality),
    };
    let mut bytes = serde_json::to_vec_pretty(&out).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::PlanCost;
    use crate::plan::PlanViolation;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn verdict(violations: Vec<PlanViolation>, optimality: PlanOptimality) -> PlanVerdict {
        let cost = PlanCost { contracts: Decimal::from_str("100.50").unwrap(), waiting: Decimal::from(20) };
        let m = PlanMismatch {
            line: 3,
            need: "N-1".into(),
            column: "price".into(),
            read: "1".into(),
            recomputed: "2".into(),
        };
        PlanVerdict::new("decree", 2, cost, violations, vec![m], optimality)
    }

    #[test]
    fn a_plan_verdict_reads_as_lines_and_as_json() {
        let v = verdict(
            vec![PlanViolation::NotScheduled { need: "N-2".into() }],
            PlanOptimality::Compared {
                best_cost: Decimal::from(110),
                proven_optimal: true,
                difference: Decimal::from_str("10.50").unwrap(),
            },
        );
        let text = terminal("plan.csv", &v);
        assert!(text.contains("Cost (exact): contracts $100.50, waiting $20.00, total $120.50"), "{text}");
        assert!(text.contains("MISMATCH: line 3 (need N-1), price: read `1`, recomputed `2`"), "{text}");
        assert!(text.contains("BROKEN: "), "{text}");
        assert!(text.contains("The scenario's solver finds $110.00 (proven optimal): this plan costs $10.50 more."));
        assert!(text.contains("plan.csv: NOT valid under decree."), "{text}");
        let json: serde_json::Value = serde_json::from_slice(&json("plan.csv", &v)).unwrap();
        assert_eq!(json["valid"], false);
        assert_eq!(json["cost"]["contracts"], "100.50");
        assert_eq!(json["optimality"]["checked"], "compared");
        assert_eq!(json["optimality"]["difference"], "10.50");
        assert_eq!(json["mismatches"][0]["recomputed"], "2");
        assert_eq!(json["violations"][0]["violation"], "not_scheduled");
        assert_eq!(json["violation_words"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn an_unchecked_optimality_says_so() {
        let v = PlanVerdict::new("s", 0, PlanCost::default(), vec![], vec![], PlanOptimality::NotChecked);
        let text = terminal("p.csv", &v);
        assert!(text.contains("Optimality not checked.") && text.contains("VALID"), "{text}");
        let json: serde_json::Value = serde_json::from_slice(&json("p.csv", &v)).unwrap();
        assert_eq!(json["optimality"]["checked"], "not_checked");
        assert!(json["optimality_words"].is_null());
    }
}
