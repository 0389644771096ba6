//! `verify`'s verdict in words (terminal) and as JSON: the broken rules, every value read that differs from the
//! value recomputed, the allocation's exact cost and how it compares with the optimum, and what was not checked.

use super::escape;
use super::format::{money, number, Lang};
use crate::verify::optimality::Standing;
use crate::verify::{mismatch::Mismatch, Verdict};
use rust_decimal::Decimal;
use serde::Serialize;

/// A file name or any text read from a file, made inert for the terminal.
pub fn inert(text: &str) -> String {
    escape::terminal(text)
}

/// A share as a percentage with two decimals; a share that is not zero never shows as `0.00%`.
fn percent2(share: Decimal) -> String {
    let pct = share * Decimal::ONE_HUNDRED;
    if !pct.is_zero() && pct.abs() < Decimal::new(1, 2) {
        return "< 0.01%".into();
    }
    format!("{}%", number(pct, 2, Lang::En))
}

fn points(score: f64) -> String {
    Decimal::from_f64_retain(score).map_or_else(|| score.to_string(), |d| number(d, 2, Lang::En))
}

/// One line on how the allocation's cost compares with the optimum.
pub fn standing(s: &Standing) -> String {
    let m = |d: Decimal| money(d, Lang::En);
    match s {
        Standing::NotChecked => "optimality not checked".into(),
        Standing::Optimal { optimum_cost, differs_from_draw } => {
            let mut text =
                format!("optimal: no allocation the scenario allows costs less than the optimum {}", m(*optimum_cost));
            if !differs_from_draw.is_empty() {
                let needs: Vec<String> = differs_from_draw.iter().map(|n| inert(n)).collect();
                text.push_str(&format!(
                    "; among equally good allocations, the published draw selects other offers for {} need{} ({})",
                    needs.len(),
                    if needs.len() == 1 { "" } else { "s" },
                    needs.join(", ")
                ));
            }
            text
        }
        Standing::Costlier { optimum_cost, excess, excess_share } => format!(
            "not optimal: costs {} ({}) more than the optimum {}",
            m(*excess),
            percent2(*excess_share),
            m(*optimum_cost)
        ),
        Standing::ScoresLower { score, optimum_score, optimum_cost } => format!(
            "not optimal: scores {} points, {} below the optimum {} points (the optimum costs {})",
            points(*score),
            points(optimum_score - score),
            points(*optimum_score),
            m(*optimum_cost)
        ),
        Standing::BeyondOptimum { optimum_cost } => format!(
            "better than the optimum {}: possible only because the allocation breaks the rules listed",
            m(*optimum_cost)
        ),
        Standing::NotProven { best_cost, bound } => format!(
            "not settled: the solve reached its time limit; the best allocation it found costs {}{}",
            m(*best_cost),
            bound.map_or(String::new(), |b| format!(" (bound {})", points(b)))
        ),
        Standing::NoOptimum { status } => {
            format!("no optimum: the solve finds no allocation that satisfies the policy ({status:?})")
        }
    }
}

/// One mismatch in words.
pub fn mismatch(m: &Mismatch) -> String {
    let place = if m.row.is_empty() { inert(&m.column) } else { format!("{}, {}", inert(&m.row), inert(&m.column)) };
    let values = format!("read `{}`, recomputed `{}`", inert(&m.read), inert(&m.recomputed));
    match &m.note {
        Some(note) => format!("{} ({place}: {values})", inert(note)),
        None => format!("{place}: {values}"),
    }
}

/// The verdict for a terminal.
pub fn terminal(file: &str, v: &Verdict) -> String {
    let mut out = String::new();
    let file = inert(file);
    let scenario = inert(&v.scenario);
    for violation in &v.violations {
        out.push_str(&format!("violation: {}\n", inert(&violation.to_string())));
    }
    for m in &v.mismatches {
        out.push_str(&format!("violation: {}\n", mismatch(m)));
    }
    if v.valid {
        let plural = if v.awards == 1 { "" } else { "s" };
        match &v.optimality.standing {
            Standing::Costlier { .. } | Standing::ScoresLower { .. } => out.push_str(&format!(
                "{file}: valid allocation of {} award{plural} under {scenario}, but NOT optimal.\n",
                v.awards
            )),
            _ => out.push_str(&format!("{file}: valid allocation of {} award{plural} under {scenario}.\n", v.awards)),
        }
    } else {
        out.push_str(&format!("{file}: NOT valid under {scenario}.\n"));
    }
    out.push_str(&format!("cost: {}\n", money(v.optimality.cost, Lang::En)));
    match v.optimality.standing {
        Standing::NotChecked => out.push_str("optimality not checked\n"),
        ref s => out.push_str(&format!("optimality: {}\n", standing(s))),
    }
    for n in &v.not_checked {
        out.push_str(&format!("not checked: {}\n", inert(n)));
    }
    out
}

/// The verdict as pretty JSON with a final newline (text read from files is kept as read: JSON escapes it).
pub fn json(file: &str, v: &Verdict) -> Vec<u8> {
    #[derive(Serialize)]
    struct Out<'a> {
        file: &'a str,
        #[serde(flatten)]
        verdict: &'a Verdict,
        optimality_words: String,
    }
    let out = Out { file, verdict: v, optimality_words: standing(&v.optimality.standing) };
    let mut bytes = serde_json::to_vec_pretty(&out).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::optimality::Optimality;

    fn verdict(standing: Standing) -> Verdict {
        Verdict::new("s", 2, vec![], vec![], Optimality { cost: Decimal::new(35000, 2), standing }, vec![])
    }

    #[test]
    fn a_costlier_allocation_says_by_how_much_in_money_and_percent() {
        let v = verdict(Standing::Costlier {
            optimum_cost: Decimal::new(30000, 2),
            excess: Decimal::new(5000, 2),
            excess_share: Decimal::new(5000, 2) / Decimal::new(30000, 2),
        });
        let t = terminal("a.csv", &v);
        assert!(t.contains("a.csv: valid allocation of 2 awards under s, but NOT optimal."), "{t}");
        assert!(t.contains("cost: $350.00\n"), "{t}");
        assert!(t.contains("optimality: not optimal: costs $50.00 (16.67%) more than the optimum $300.00"), "{t}");
        let j: serde_json::Value = serde_json::from_slice(&json("a.csv", &v)).unwrap();
        assert_eq!(j["optimality"]["standing"], "costlier");
        assert_eq!(j["optimality"]["excess"], "50.00");
        assert!(j["optimality_words"].as_str().unwrap().starts_with("not optimal"));
    }

    #[test]
    fn a_tiny_excess_never_reads_as_zero() {
        assert_eq!(percent2(Decimal::new(1, 7)), "< 0.01%");
        assert_eq!(percent2(Decimal::ZERO), "0.00%");
    }

    #[test]
    fn optimal_and_unchecked_are_said() {
        let t = terminal("a.csv", &verdict(Standing::NotChecked));
        assert!(t.contains("\noptimality not checked\n"), "{t}");
        let opt = Standing::Optimal { optimum_cost: Decimal::new(35000, 2), differs_from_draw: vec![] };
        assert!(terminal("a.csv", &verdict(opt)).contains("optimality: optimal"));
    }

    #[test]
    fn values_read_are_inert() {
        let m = Mismatch::new("line 2 (need N\n1)", "price", "1\u{1b}[2J", "2.00");
        assert_eq!(mismatch(&m), "line 2 (need N\\n1), price: read `1\\u{1b}[2J`, recomputed `2.00`");
    }
}
