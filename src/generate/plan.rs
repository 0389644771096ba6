//! The migration files of a synthetic model and its `plan.toml` (`courtier generate --periods T`), for
//! benchmarks of `courtier plan` at any size.
//!
//! The plan runs in monthly periods from 2027-01-01; with two periods or more, January 2027 is under way
//! (`frozen_until = 2027-02-01`). Every network's deadline is the end of the horizon, except the health network's
//! (`rsss`), `min(6, T / 4)` months earlier. The random choices come from their own stream, so the seven model
//! files and `reference.toml` are the same bytes with or without `--periods`.
//!
//! * `migrations.csv`: every need moves in 1 to 6 months by size (one more for IaaS; never more than its window),
//!   its legacy site costs 30 % of a size-1 month of its category per unit of size; about 10 % of the needs have
//!   an earliest start (the 1st of a later month) and 5 % an own deadline, always leaving a window.
//! * `precedences.csv`: chains of 2 or 3 needs of one agency (`after`), about 2 % of the needs in all; each chain
//!   fits its windows (the earliest finish of each need leaves the next one time to finish by its deadline).
//! * `period_capacities.csv`: every supplier gets a monthly `migration_days` limit from the start: its expected
//!   load (each servable need spread evenly over its eligible estimates) over the months that can move, at a
//!   utilisation from 55 % (the least loaded) to 70 % (the most loaded), rounded up to 5 days and never below the
//!   monthly consumption of one migration it carries. Two or three suppliers (from 8 months) start at 80 % of it
//!   and ramp up to 110 % after a quarter of the horizon; three to five agencies get an own-team limit (60 %
//!   utilisation of their own needs' load over their network's window).

use super::{money, Catalogue, Csv, Need, ParamError, Params, Rng, Special, AGENCIES, CATEGORY_BASE, IAAS, RSSS};
use crate::plan::calendar::{Calendar, PeriodKind};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The unit of the generated consumption, capacities and capacities per period.
const UNIT: &str = "migration_days";
/// The random stream of the plan's choices (the model's use 1 to 3).
const STREAM: u64 = 4;
/// Size thresholds of 2, 3, 4, 5 and 6 months of migration.
const DURATION_SIZES: [f64; 5] = [0.6, 1.0, 1.6, 2.5, 4.0];
/// Legacy monthly cost per unit of size, as a share of the category's monthly base price.
const LEGACY_SHARE: f64 = 0.3;

/// The plan files and their counts.
pub(super) struct PlanFiles {
    /// `migrations.csv`, `precedences.csv`, `period_capacities.csv` and `plan.toml`.
    pub files: Vec<(String, Vec<u8>)>,
    /// Rows of `precedences.csv`.
    pub precedences: usize,
    /// Rows of `period_capacities.csv`.
    pub period_capacities: usize,
}

/// One need's timing, in periods.
struct Timing {
    /// Duration.
    periods: u32,
    /// Earliest start, if its own.
    earliest: Option<u32>,
    /// Deadline (last period it may end in), if its own.
    deadline: Option<u32>,
    /// First possible start.
    first: u32,
    /// Last period it may end in.
    last: u32,
}

/// `x` rounded up to a multiple of 5, at least 5.
fn up5(x: f64) -> u64 {
    ((x / 5.0).ceil() as u64).max(1) * 5
}

/// The migration files and `plan.toml` for the synthetic model of `params` over `periods` months. `options` holds
/// each need's eligible estimates as (offer, migration days).
pub(super) fn files(
    params: &Params,
    periods: u32,
    cat: &Catalogue,
    needs: &[Need],
    options: &[Vec<(usize, u32)>],
    need_id: &dyn Fn(usize) -> String,
) -> Result<PlanFiles, ParamError> {
    let start = NaiveDate::from_ymd_opt(2027, 1, 1).ok_or(ParamError::Periods(periods))?;
    let cal = Calendar::new(start, PeriodKind::Month, periods).map_err(|_| ParamError::Periods(periods))?;
    let mut rng = Rng::new(params.seed, STREAM);
    let frozen = u32::from(periods >= 2);
    let last = periods - 1;
    let rsss_back = (periods / 4).min(6).min(last - frozen);
    let network_last = |net: usize| if net == RSSS { last - rsss_back } else { last };

    // Timing.
    let mut timings: Vec<Timing> = Vec::with_capacity(needs.len());
    let mut migrations = Csv::new(&["need", "earliest_start", "deadline", "periods", "legacy_monthly_cost"]);
    for (i, need) in needs.iter().enumerate() {
        let net_last = network_last(AGENCIES[need.agency].2);
        let window = net_last - frozen + 1;
        let by_size = 1 + DURATION_SIZES.iter().filter(|&&s| need.size >= s).count() as u32;
        let d = (by_size + u32::from(need.category == IAAS)).min(6).min(window);
        let (early, own) = (rng.f64(), rng.f64());
        let (u1, u2) = (rng.f64(), rng.f64());
        let mut t = Timing { periods: d, earliest: None, deadline: None, first: frozen, last: net_last };
        // An earliest start in a later month, leaving the window.
        if early < 0.10 && net_last + 1 >= frozen + 1 + d {
            let choices = net_last + 1 - d - frozen; // starts frozen+1 ..= net_last+1-d
            let e = frozen + 1 + ((u1 * f64::from(choices)) as u32).min(choices - 1);
            t.earliest = Some(e);
            t.first = e;
        }
        // An own deadline before the network's, leaving two possible starts.
        if own < 0.05 && t.first + d < net_last {
            let choices = net_last - (t.first + d); // ends t.first+d ..= net_last-1
            let end = t.first + d + ((u2 * f64::from(choices)) as u32).min(choices - 1);
            t.deadline = Some(end);
            t.last = end;
        }
        let legacy = (need.size * CATEGORY_BASE[need.category] * LEGACY_SHARE * 100.0).round() as i64;
        migrations.row([
            need_id(i),
            t.earliest.map(|p| cal.period_start(p).to_string()).unwrap_or_default(),
            t.deadline.map(|p| cal.period_end(p).to_string()).unwrap_or_default(),
            d.to_string(),
            money(legacy),
        ]);
        timings.push(t);
    }

    // Precedences: chains within an agency whose windows fit one after the other.
    let servable: Vec<usize> =
        (0..needs.len()).filter(|&n| needs[n].special == Special::Normal && !options[n].is_empty()).collect();
    let target = ((needs.len() as f64 * 0.02).round() as usize).max(2);
    let mut used = vec![false; needs.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut involved = 0;
    for _ in 0..20 * target {
        if involved >= target || servable.is_empty() {
            break;
        }
        let anchor = servable[rng.below(servable.len())];
        let length = 2 + rng.below(2);
        if used[anchor] {
            continue;
        }
        let mates: Vec<usize> = servable
            .iter()
            .copied()
            .filter(|&n| n != anchor && !used[n] && needs[n].agency == needs[anchor].agency)
            .collect();
        let mut chain = vec![anchor];
        chain.extend(rng.sample(&mates, length - 1));
        if chain.len() < 2 {
            continue;
        }
        // Forward pass: each need starts when the previous one has finished, at the earliest.
        let mut ready = 0;
        let fits = chain.iter().all(|&n| {
            let t = &timings[n];
            let s = t.first.max(ready);
            ready = s + t.periods;
            s + t.periods - 1 <= t.last
        });
        if !fits {
            continue;
        }
        for w in chain.windows(2) {
            pairs.push((w[1], w[0]));
        }
        for &n in &chain {
            used[n] = true;
        }
        involved += chain.len();
    }
    pairs.sort_unstable();
    let mut precedences = Csv::new(&["need", "after", "mode"]);
    for &(n, after) in &pairs {
        precedences.row([need_id(n), need_id(after), "after".to_string()]);
    }

    // Expected loads per supplier and per agency: each servable need spread evenly over its eligible estimates;
    // peaks: the most one migration consumes in one month.
    let s_count = cat.suppliers.len();
    let mut load = vec![0.0f64; s_count];
    let mut peak = vec![0.0f64; s_count];
    let mut agency_load = vec![0.0f64; AGENCIES.len()];
    let mut agency_peak = vec![0.0f64; AGENCIES.len()];
    for &n in &servable {
        let share = 1.0 / options[n].len() as f64;
        let d = f64::from(timings[n].periods);
        for &(o, days) in &options[n] {
            let offer = &cat.offers[o];
            let days = f64::from(days);
            let mut holders = vec![offer.provider];
            if offer.reseller != offer.provider {
                holders.push(offer.reseller);
            }
            for s in holders {
                load[s] += days * share;
                peak[s] = peak[s].max((days / d).ceil());
            }
            let a = needs[n].agency;
            agency_load[a] += days * share;
            agency_peak[a] = agency_peak[a].max((days / d).ceil());
        }
    }
    let usable = f64::from(periods - frozen);
    let max_load = load.iter().copied().fold(0.0, f64::max);
    let limit = |s: usize, factor: f64| -> u64 {
        let utilisation = if max_load > 0.0 { 0.55 + 0.15 * load[s] / max_load } else { 0.6 };
        up5((factor * load[s] / (usable * utilisation)).max(peak[s]))
    };
    let mut order: Vec<usize> = (0..s_count).collect();
    order.sort_by_key(|&s| cat.suppliers[s].id);
    let carriers: Vec<usize> = order.iter().copied().filter(|&s| load[s] > 0.0).collect();
    let ramp_count = 2 + rng.below(2);
    let ramps: Vec<usize> = if periods >= 8 { rng.sample(&carriers, ramp_count) } else { Vec::new() };
    let ramp_from = cal.period_start(periods / 4).to_string();
    let from = cal.period_start(0).to_string();
    let mut capacities = Csv::new(&["holder", "kind", "unit", "from", "limit"]);
    let mut rows = 0;
    for &s in &order {
        let id = cat.suppliers[s].id;
        if ramps.contains(&s) {
            capacities.row([id, "supplier", UNIT, from.as_str(), limit(s, 0.8).to_string().as_str()]);
            capacities.row([id, "supplier", UNIT, ramp_from.as_str(), limit(s, 1.1).to_string().as_str()]);
            rows += 2;
        } else {
            capacities.row([id, "supplier", UNIT, from.as_str(), limit(s, 1.0).to_string().as_str()]);
            rows += 1;
        }
    }
    let mut teams: Vec<usize> = (0..AGENCIES.len()).filter(|&a| agency_load[a] > 0.0).collect();
    teams.sort_by_key(|&a| AGENCIES[a].0);
    let team_count = 3 + rng.below(3);
    let mut teams = rng.sample(&teams, team_count);
    teams.sort_by_key(|&a| AGENCIES[a].0);
    for a in teams {
        let window = f64::from(network_last(AGENCIES[a].2) - frozen + 1);
        let team = up5((agency_load[a] / (window * 0.6)).max(agency_peak[a]));
        capacities.row([AGENCIES[a].0, "agency", UNIT, from.as_str(), team.to_string().as_str()]);
        rows += 1;
    }

    let scenario = plan_scenario(params, &cal, frozen, rsss_back);
    Ok(PlanFiles {
        files: vec![
            ("migrations.csv".into(), migrations.bytes()),
            ("precedences.csv".into(), precedences.bytes()),
            ("period_capacities.csv".into(), capacities.bytes()),
            ("plan.toml".into(), scenario.into_bytes()),
        ],
        precedences: pairs.len(),
        period_capacities: rows,
    })
}

/// `plan.toml`: the reference policy, a 1 % gap, and the calendar.
fn plan_scenario(params: &Params, cal: &Calendar, frozen: u32, rsss_back: u32) -> String {
    const REFERENCE: &str = include_str!("../../scenarios/reference.toml");
    const MODEL_LINE: &str = "model = \"../models/cti-2025\"";
    const DESCRIPTION: &str = "description = \"Reference policy: ";
    debug_assert!(REFERENCE.contains(MODEL_LINE) && REFERENCE.contains(DESCRIPTION));
    let t = cal.periods;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# A migration plan over {t} months for the synthetic model in this folder, under the policy of\n\
         # reference.toml, made by\n\
         # courtier generate --needs {} --seed {} --offers-per-need {} --periods {t}\n\
         # A large plan is a hard scheduling problem: add time_limit_seconds under [solver] as a safety net.",
        params.needs, params.seed, params.offers_per_need
    );
    let policy = REFERENCE.replacen(MODEL_LINE, "model = \".\"", 1).replacen(
        DESCRIPTION,
        &format!("description = \"Migration plan over {t} months from 2027-01 under the reference policy: "),
        1,
    );
    s.push_str(&policy);
    let _ = write!(
        s,
        "\n[solver]\nmip_rel_gap = 0.01\n\n[plan]\nstart = {}\nperiod = \"month\"\nperiods = {t}\n",
        cal.start
    );
    if frozen > 0 {
        let _ = writeln!(s, "frozen_until = {}", cal.period_start(frozen));
    }
    let end = cal.end();
    let rsss = cal.period_end(t - 1 - rsss_back);
    let _ = write!(s, "\n[plan.deadlines]\nministry = {end}\nagency = {end}\nrsss = {rsss}\nrees = {end}\n");
    s
}
