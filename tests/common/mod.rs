//! Random small worlds and policies for property and oracle tests.
#![allow(dead_code)]

use courtier::domain::*;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// A small deterministic generator (SplitMix64), so every failing case is reproducible from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn share(&mut self, lo: u64, hi: u64) -> Decimal {
        Decimal::new(self.range(lo, hi) as i64, 2)
    }
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A random world with up to `max_needs` needs and `max_offers` offers.
pub fn random_raw_world(rng: &mut Rng, max_needs: u64, max_offers: u64) -> RawWorld {
    let n_providers = rng.range(1, 4);
    let n_resellers = rng.range(1, 3);
    let mut suppliers = Vec::new();
    for p in 0..n_providers {
        suppliers.push(Supplier {
            id: format!("PROV-{p}"),
            name: format!("Provider {p}"),
            role: if rng.chance(20) { Role::Both } else { Role::Provider },
            quebec_firm: rng.chance(30),
        });
    }
    for r in 0..n_resellers {
        suppliers.push(Supplier {
            id: format!("RES-{r}"),
            name: format!("Reseller {r}"),
            role: Role::Reseller,
            quebec_firm: rng.chance(40),
        });
    }
    let agencies: Vec<Agency> = (0..rng.range(1, 2))
        .map(|a| Agency { id: format!("AG-{a}"), name: format!("Agency {a}"), network: Network::Ministry })
        .collect();
    let n_offers = rng.range(1, max_offers);
    let offers: Vec<RawOffer> = (0..n_offers)
        .map(|o| {
            let provider = format!("PROV-{}", rng.below(n_providers));
            let reseller = if rng.chance(15) && provider == "PROV-0" && suppliers[0].role == Role::Both {
                provider.clone()
            } else {
                format!("RES-{}", rng.below(n_resellers))
            };
            RawOffer {
                id: format!("O-{o}"),
                provider,
                reseller,
                category: if rng.chance(90) { Category::IaaS } else { Category::PaaS },
                qualified: rng.chance(92),
                regions: if rng.chance(70) { set(&["qc", "us-east"]) } else { set(&["us-east"]) },
                certifications: if rng.chance(80) { set(&["iso27001"]) } else { BTreeSet::new() },
            }
        })
        .collect();
    let n_needs = rng.range(3.min(max_needs), max_needs);
    let needs: Vec<RawNeed> = (0..n_needs)
        .map(|n| RawNeed {
            id: format!("N-{n:02}"),
            agency: format!("AG-{}", rng.below(agencies.len() as u64)),
            title: format!("Need {n}"),
            category: Category::IaaS,
            personal_info: rng.chance(30),
            certifications: if rng.chance(20) { set(&["iso27001"]) } else { BTreeSet::new() },
            term_months: if rng.chance(5) { 48 } else { 36 },
        })
        .collect();
    let mut estimates = Vec::new();
    for need in &needs {
        for offer in &offers {
            if !rng.chance(85) {
                continue;
            }
            let region = if offer.regions.contains("qc") && rng.chance(70) { "qc" } else { "us-east" };
            // Integer dollars most of the time, so that exact ties happen; cents sometimes.
            let cents = if rng.chance(10) { rng.range(0, 99) as i64 } else { 0 };
            let price = Decimal::new(rng.range(10, 25) as i64 * 100 + cents, 2);
            let scores = rng.chance(70).then(|| Scores {
                compatibility: Decimal::from(rng.range(0, 100)),
                accessibility: Decimal::from(rng.range(0, 100)),
                performance: Decimal::from(rng.range(0, 100)),
                support: Decimal::from(rng.range(0, 100)),
            });
            let mut consumption = courtier::domain::Consumption::default();
            if rng.chance(60) {
                consumption.insert("migration_days".to_string(), Decimal::from(rng.range(1, 10)));
            }
            estimates.push(RawEstimate {
                need: need.id.clone(),
                offer: offer.id.clone(),
                price,
                region: region.into(),
                term_months: None,
                scores,
                consumption,
            });
        }
    }
    let mut capacities = Vec::new();
    for s in &suppliers {
        if rng.chance(35) {
            capacities.push((s.id.clone(), "migration_days".to_string(), Decimal::from(rng.range(5, 40))));
        }
    }
    RawWorld { agencies, suppliers, offers, needs, estimates, capacities }
}

/// A random policy.
pub fn random_policy(rng: &mut Rng) -> Policy {
    let mut p = Policy::default();
    if rng.chance(60) {
        p.spread = Some(Spread {
            max_provider_share: rng.chance(60).then(|| rng.share(45, 95)),
            max_reseller_share: rng.chance(50).then(|| rng.share(45, 95)),
            min_providers: rng.chance(30).then(|| rng.range(1, 3) as u32),
            max_provider_share_per_agency: rng.chance(25).then(|| rng.share(40, 95)),
            per_agency_min_needs: rng.range(1, 3) as u32,
        });
    }
    if rng.chance(50) {
        let credit = match rng.below(3) {
            0 => QuebecCredit::Reseller,
            1 => QuebecCredit::Provider,
            _ => QuebecCredit::Either,
        };
        p.quebec = Some(QuebecAccess { min_share: rng.share(0, 50), credit });
    }
    p.capacity = rng.chance(70);
    if rng.chance(20) {
        p.eligibility.equivalent_regions.insert("us-east".into());
    }
    if rng.chance(20) {
        p.ado_authorized = true;
        p.objective = Objective::Weighted(Weights {
            price: Decimal::new(4, 1),
            compatibility: Decimal::new(2, 1),
            accessibility: Decimal::new(1, 1),
            performance: Decimal::new(2, 1),
            support: Decimal::new(1, 1),
        });
    }
    p.tiebreak_seed = rng.next();
    p
}

/// A hand-built world: two providers `PA`, `PB` sold by resellers `R1`, `R2` (offers `OA` = PA/R1, `OB` = PB/R2,
/// both IaaS, hosted in Quebec), and needs with the given (need id, price through OA, price through OB).
pub fn two_offer_world(needs: &[(&str, i64, i64)]) -> RawWorld {
    let supplier = |id: &str, role: Role, quebec_firm: bool| Supplier {
        id: id.into(),
        name: format!("{id} Inc."),
        role,
        quebec_firm,
    };
    let offer = |id: &str, p: &str, r: &str| RawOffer {
        id: id.into(),
        provider: p.into(),
        reseller: r.into(),
        category: Category::IaaS,
        qualified: true,
        regions: set(&["qc", "us-east"]),
        certifications: BTreeSet::new(),
    };
    let mut w = RawWorld {
        agencies: vec![Agency { id: "AG".into(), name: "Agence".into(), network: Network::Agency }],
        suppliers: vec![
            supplier("PA", Role::Provider, false),
            supplier("PB", Role::Provider, false),
            supplier("R1", Role::Reseller, false),
            supplier("R2", Role::Reseller, true),
        ],
        offers: vec![offer("OA", "PA", "R1"), offer("OB", "PB", "R2")],
        ..RawWorld::default()
    };
    for &(id, a, b) in needs {
        w.needs.push(RawNeed {
            id: id.into(),
            agency: "AG".into(),
            title: format!("Besoin {id}"),
            category: Category::IaaS,
            personal_info: false,
            certifications: BTreeSet::new(),
            term_months: 36,
        });
        for (o, price) in [("OA", a), ("OB", b)] {
            w.estimates.push(RawEstimate {
                need: id.into(),
                offer: o.into(),
                price: Decimal::new(price * 100, 2),
                region: "qc".into(),
                term_months: None,
                scores: None,
                consumption: [("migration_days".to_string(), Decimal::from(5))].into_iter().collect(),
            });
        }
    }
    w
}

/// The project's folder (where the binary runs in tests that drive it).
pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary in the project's folder.
pub fn courtier(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_courtier"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("binary runs")
}

/// Bytes as text, for messages.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
