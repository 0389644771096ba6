//! The comparison (and the sweep, if any) as JSON; text is kept as written, escaped by JSON.

use super::{assumptions, shown, supplier_share, Options};
use crate::compare::{Comparison, Largest};
use crate::sweep::Sweep;
use rust_decimal::Decimal;
use serde::Serialize;

/// An award as exported: prices left out when redacted.
#[derive(Debug, Serialize)]
struct AwardOut<'a> {
    need: &'a str,
    agency: &'a str,
    offer: &'a str,
    provider: &'a str,
    reseller: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    premium: Option<Decimal>,
    ado_required: bool,
    tie_broken: bool,
}

#[derive(Debug, Serialize)]
struct SupplierOut<'a> {
    id: &'a str,
    name: &'a str,
    awards: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Decimal>,
    share: String,
}

#[derive(Debug, Serialize)]
struct RowOut<'a> {
    name: &'a str,
    description: &'a str,
    assumptions: Vec<String>,
    status: crate::solve::Status,
    total: Option<Decimal>,
    baseline: Option<Decimal>,
    premium: Option<Decimal>,
    premium_share: Option<Decimal>,
    providers: usize,
    resellers: usize,
    largest_provider: Option<&'a Largest>,
    largest_reseller: Option<&'a Largest>,
    hhi_providers: Decimal,
    hhi_resellers: Decimal,
    quebec_share: Decimal,
    ado: usize,
    unserved: usize,
    gap: Option<f64>,
    /// How far from the best possible allocation, when not proven optimal.
    #[serde(skip_serializing_if = "Option::is_none")]
    proven_within: Option<&'a crate::summary::ProvenGap>,
    /// False when the wall clock stopped a stage: the result may differ on another machine.
    #[serde(skip_serializing_if = "is_true")]
    replayable: bool,
    provider_shares: Vec<SupplierOut<'a>>,
    reseller_shares: Vec<SupplierOut<'a>>,
    awards: Vec<AwardOut<'a>>,
}

fn is_true(b: &bool) -> bool {
    *b
}

fn rows_out<'a>(c: &'a Comparison, o: &Options) -> Vec<RowOut<'a>> {
    let sup = |s: &'a crate::summary::SupplierShare| SupplierOut {
        id: &s.id,
        name: &s.name,
        awards: s.awards,
        value: (!o.redact).then_some(s.value),
        share: if o.redact { supplier_share(s.share, s.awards, o) } else { s.share.to_string() },
    };
    c.rows
        .iter()
        .map(|r| RowOut {
            name: &r.name,
            description: &r.description,
            assumptions: assumptions(&r.policy, o.lang),
            status: r.status,
            total: r.total,
            baseline: r.baseline,
            premium: r.premium,
            premium_share: r.premium_share,
            providers: r.providers,
            resellers: r.resellers,
            largest_provider: shown(r, &r.largest_provider, o),
            largest_reseller: shown(r, &r.largest_reseller, o),
            hhi_providers: r.hhi_providers,
            hhi_resellers: r.hhi_resellers,
            quebec_share: r.quebec_share,
            ado: r.ado,
            unserved: r.unserved,
            gap: r.gap,
            proven_within: r.summary.proven_within.as_ref(),
            replayable: r.replayable,
            provider_shares: r.summary.providers.iter().map(sup).collect(),
            reseller_shares: r.summary.resellers.iter().map(sup).collect(),
            awards: r
                .summary
                .awards
                .iter()
                .map(|a| AwardOut {
                    need: &a.need,
                    agency: &a.agency,
                    offer: &a.offer,
                    provider: &a.provider,
                    reseller: &a.reseller,
                    price: (!o.redact).then_some(a.price),
                    premium: (!o.redact).then_some(a.premium),
                    ado_required: a.ado_required,
                    tie_broken: a.tie_broken,
                })
                .collect(),
        })
        .collect()
}

/// The comparison (and the sweep, if any) as JSON.
pub fn json(c: &Comparison, sweep: Option<&Sweep>, o: &Options) -> Vec<u8> {
    #[derive(Serialize)]
    struct Out<'a> {
        redacted: bool,
        scenarios: Vec<RowOut<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sweep: Option<&'a Sweep>,
    }
    let mut v =
        serde_json::to_vec_pretty(&Out { redacted: o.redact, scenarios: rows_out(c, o), sweep }).unwrap_or_default();
    v.push(b'\n');
    v
}
