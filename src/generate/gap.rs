//! OR-Library generalised assignment problems (GAP; J.E. Beasley's `gap1` … `gap12`, `gapa` … `gapd`, and
//! Yagiura's one-problem files) read from their text format and turned into courtier models, so the engine can be
//! measured on instances with known optima.
//!
//! A GAP problem assigns each of `n` jobs to one of `m` agents: job `j` on agent `i` costs `c[i][j]` and consumes
//! `r[i][j]` of the agent's capacity `b[i]`; minimise the total cost. As a courtier model: every agent is a supplier
//! (role `both`) with one qualified IaaS offer hosted in `qc`; every job is a need of one organisation (`GAP`,
//! IaaS, no personal information, no certification, 12 months), with one estimate per agent priced `c[i][j]`
//! dollars and consuming `r[i][j]` `gap_units`; every agent declares a capacity of `b[i]` `gap_units`. Every
//! estimate is eligible, and the scenario (`gap.toml`) awards on price with capacities on, spread and Quebec floor
//! off, so courtier's optimal total cost is the GAP's minimum.
//!
//! The reader follows the format exactly (values are whitespace-separated tokens; line breaks mean nothing) and
//! reports a problem with the line and column of the offending token.

use super::{money, Csv, Generated, Stats, MODEL_FILES};
use crate::io::rows as schema;
use crate::io::Diagnostic;
use std::fmt::Write as _;
use std::path::Path;

/// Diagnostic codes of GAP files (documented in `models/README.md`, "E4xx").
pub mod codes {
    /// A value is not a non-negative whole number.
    pub const BAD_VALUE: &str = "E401";
    /// The file ends before the last value of a problem, or has values after its last problem.
    pub const VALUE_COUNT: &str = "E402";
    /// A count is out of range: no problem, no agent or no job, or `--problem` names a problem the file lacks.
    pub const BAD_SIZE: &str = "E403";
    /// A cost is zero: courtier prices must be positive.
    pub const ZERO_COST: &str = "E404";
}

/// The unit of agents' capacities and jobs' consumption in a converted model.
pub const UNIT: &str = "gap_units";

/// One GAP problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Number of agents `m`.
    pub agents: usize,
    /// Number of jobs `n`.
    pub jobs: usize,
    /// `c[i][j]` at `i * jobs + j`: the cost of job `j` on agent `i`.
    pub cost: Vec<u64>,
    /// `r[i][j]` at `i * jobs + j`: what job `j` consumes of agent `i`'s capacity.
    pub resource: Vec<u64>,
    /// `b[i]`: agent `i`'s capacity.
    pub capacity: Vec<u64>,
}

/// The two layouts of GAP files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// OR-Library: the number of problems, then the problems.
    OrLibrary,
    /// One problem without the leading count (Yagiura's `e*.txt`).
    Single,
}

/// The problems of one GAP file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapFile {
    /// Which layout the file has.
    pub layout: Layout,
    /// Its problems, in file order.
    pub problems: Vec<Problem>,
}

/// A whitespace-separated token with its 1-based line and column (in characters).
struct Token<'a> {
    text: &'a str,
    line: u64,
    column: u64,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let (mut line, mut column) = (1u64, 0u64);
    let mut start: Option<(usize, u64)> = None;
    for (at, ch) in text.char_indices() {
        column += 1;
        if ch.is_whitespace() {
            if let Some((s, c)) = start.take() {
                out.push(Token { text: &text[s..at], line, column: c });
            }
            if ch == '\n' {
                line += 1;
                column = 0;
            }
        } else if start.is_none() {
            start = Some((at, column));
        }
    }
    if let Some((s, c)) = start {
        out.push(Token { text: &text[s..], line, column: c });
    }
    out
}

const LAYOUT: &str = "the OR-Library layout: the number of problems P, then for each problem m n, the m x n costs, \
                      the m x n resources and the m capacities (whitespace-separated whole numbers), or one problem \
                      without P";

/// Read a GAP file's text; `file` only names it in diagnostics.
pub fn parse(text: &str, file: &Path) -> Result<GapFile, Box<Diagnostic>> {
    let toks = tokens(text);
    let mut values = Vec::with_capacity(toks.len());
    for t in &toks {
        let digits = t.text.bytes().all(|b| b.is_ascii_digit());
        match t.text.parse::<u64>().ok().filter(|_| digits) {
            Some(v) => values.push(v),
            None => {
                let what = if digits { "is too large" } else { "is not a whole number" };
                return Err(Diagnostic::new(codes::BAD_VALUE, file, format!("`{}` {what}", t.text))
                    .at(t.line, Some(t.column))
                    .expected("a non-negative whole number (digits only)")
                    .hint(format!("a GAP file holds only whole numbers separated by spaces or line breaks: {LAYOUT}"))
                    .into());
            }
        }
    }
    let Some(&count) = values.first() else {
        return Err(Diagnostic::new(codes::VALUE_COUNT, file, "the file holds no value")
            .expected(LAYOUT)
            .hint("check that this is an OR-Library GAP file")
            .into());
    };
    match read_problems(&values, &toks, file, count) {
        Ok(problems) => Ok(GapFile { layout: Layout::OrLibrary, problems }),
        Err(e) => {
            // A one-problem file: m n, then exactly 2 m n + m values.
            if let [m, n, ..] = values[..] {
                let want = 2 * (m as u128) * (n as u128) + m as u128 + 2;
                if m > 0 && n > 0 && want == values.len() as u128 {
                    let (p, _) = read_one(&values, &toks, file, 0)?;
                    return Ok(GapFile { layout: Layout::Single, problems: vec![p] });
                }
            }
            Err(e)
        }
    }
}

/// Read `count` problems after the leading count.
fn read_problems(values: &[u64], toks: &[Token], file: &Path, count: u64) -> Result<Vec<Problem>, Box<Diagnostic>> {
    if count == 0 {
        return Err(Diagnostic::new(codes::BAD_SIZE, file, "the file says it holds 0 problems")
            .at(toks[0].line, Some(toks[0].column))
            .expected("the number of problems, at least 1")
            .hint(LAYOUT)
            .into());
    }
    let mut problems = Vec::new();
    let mut next = 1;
    for k in 1..=count {
        if next >= values.len() {
            let last = &toks[toks.len() - 1];
            return Err(Diagnostic::new(
                codes::VALUE_COUNT,
                file,
                format!("the file ends after problem {} of the {count} it announces", k - 1),
            )
            .at(last.line, Some(last.column))
            .expected(format!("{count} problems"))
            .hint("check the first value (the number of problems) or whether the file was cut short")
            .into());
        }
        let (p, after) = read_one(values, toks, file, next).map_err(|d| {
            if d.code == codes::VALUE_COUNT {
                Box::new(Diagnostic { message: format!("problem {k}: {}", d.message), ..*d })
            } else {
                d
            }
        })?;
        problems.push(p);
        next = after;
    }
    if next < values.len() {
        let t = &toks[next];
        return Err(Diagnostic::new(
            codes::VALUE_COUNT,
            file,
            format!("`{}` comes after the last of the {count} problems the file announces", t.text),
        )
        .at(t.line, Some(t.column))
        .expected(format!("the end of the file after {count} problems"))
        .hint("check the first value (the number of problems) and the sizes m n of each problem")
        .into());
    }
    Ok(problems)
}

/// Read one problem starting at value `start` (its `m`); return it and the index after it.
fn read_one(values: &[u64], toks: &[Token], file: &Path, start: usize) -> Result<(Problem, usize), Box<Diagnostic>> {
    let last = &toks[toks.len() - 1];
    if start + 1 >= values.len() {
        return Err(Diagnostic::new(codes::VALUE_COUNT, file, "the file ends before the sizes m n of a problem")
            .at(last.line, Some(last.column))
            .expected("the number of agents m and of jobs n")
            .hint(LAYOUT)
            .into());
    }
    let (m, n) = (values[start], values[start + 1]);
    for (value, i, what) in [(m, start, "agents"), (n, start + 1, "jobs")] {
        if value == 0 {
            let t = &toks[i];
            return Err(Diagnostic::new(codes::BAD_SIZE, file, format!("a problem with 0 {what}"))
                .at(t.line, Some(t.column))
                .expected(format!("the number of {what}, at least 1"))
                .hint(LAYOUT)
                .into());
        }
    }
    let need = 2 * (m as u128) * (n as u128) + m as u128;
    let have = (values.len() - start - 2) as u128;
    if have < need {
        return Err(Diagnostic::new(
            codes::VALUE_COUNT,
            file,
            format!("the file ends after {have} of the {need} values of a problem with {m} agents and {n} jobs"),
        )
        .at(last.line, Some(last.column))
        .expected(format!("{m} x {n} costs, {m} x {n} resources and {m} capacities"))
        .hint("check the sizes m n, or whether the file was cut short")
        .into());
    }
    let (m, n) = (m as usize, n as usize);
    let first = start + 2;
    let cost = values[first..first + m * n].to_vec();
    if let Some(z) = cost.iter().position(|&c| c == 0) {
        let t = &toks[first + z];
        return Err(Diagnostic::new(
            codes::ZERO_COST,
            file,
            format!("the cost of job {} on agent {} is 0", z % n + 1, z / n + 1),
        )
        .at(t.line, Some(t.column))
        .expected("a cost of at least 1: courtier refuses a price of zero")
        .hint("add the same amount to every cost of the problem (the optimal assignment does not change)")
        .into());
    }
    let resource = values[first + m * n..first + 2 * m * n].to_vec();
    let capacity = values[first + 2 * m * n..first + 2 * m * n + m].to_vec();
    Ok((Problem { agents: m, jobs: n, cost, resource, capacity }, first + 2 * m * n + m))
}

/// The usual name of problem `k` (1-based) of a file, after OR-Library and Yagiura: problem 3 of `gap5` is
/// `c824-3`, problem 6 of `gapd` is `d20200`, a one-problem file keeps its own name (`e05100`).
pub fn problem_name(file_stem: &str, layout: Layout, k: usize, p: &Problem) -> String {
    let (m, n) = (p.agents, p.jobs);
    match layout {
        Layout::Single => file_stem.to_string(),
        Layout::OrLibrary => match file_stem.strip_prefix("gap") {
            Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => format!("c{m}{n:02}-{k}"),
            Some(x) if x.len() == 1 && x.bytes().all(|b| b.is_ascii_lowercase()) => format!("{x}{m:02}{n:03}"),
            _ => format!("{file_stem}-{k}"),
        },
    }
}

/// Pick problem `k` (1-based) of a file, or refuse a number the file lacks.
pub fn select<'a>(gap: &'a GapFile, k: usize, file: &Path) -> Result<&'a Problem, Box<Diagnostic>> {
    let count = gap.problems.len();
    if k == 0 || k > count {
        let holds = if count == 1 { "1 problem".to_string() } else { format!("{count} problems") };
        return Err(Diagnostic::new(codes::BAD_SIZE, file, format!("--problem {k}: the file holds {holds}"))
            .field("--problem")
            .expected(format!("a problem number from 1 to {count}"))
            .hint("problems are numbered from 1 in file order")
            .into());
    }
    Ok(&gap.problems[k - 1])
}

/// The courtier model of one GAP problem and its scenario `gap.toml` (tie-break seed `seed`). `name` and
/// `source` (e.g. `c515-1`, `gap1.txt problem 1`) go into the scenario's description.
pub fn to_model(p: &Problem, name: &str, source: &str, seed: u64) -> Generated {
    let (m, n) = (p.agents, p.jobs);
    let aw = m.to_string().len().max(2);
    let jw = n.to_string().len().max(3);
    let agent = |i: usize| format!("AGENT-{:0aw$}", i + 1);
    let offer = |i: usize| format!("O-AGENT-{:0aw$}", i + 1);
    let job = |j: usize| format!("J-{:0jw$}", j + 1);

    let mut agencies = Csv::new(schema::AGENCIES.columns);
    agencies.row(["GAP", format!("OR-Library GAP {name}").as_str(), "agency"]);
    let mut suppliers = Csv::new(schema::SUPPLIERS.columns);
    let mut offers = Csv::new(schema::OFFERS.columns);
    let mut capacities = Csv::new(schema::CAPACITIES.columns);
    for i in 0..m {
        let a = agent(i);
        suppliers.row([a.as_str(), format!("Agent {}", i + 1).as_str(), "both", "false"]);
        offers.row([offer(i).as_str(), a.as_str(), a.as_str(), "IaaS", "true", "qc", ""]);
        capacities.row([a.as_str(), UNIT, p.capacity[i].to_string().as_str()]);
    }
    let mut needs = Csv::new(schema::NEEDS.columns);
    let mut estimates = Csv::new(schema::ESTIMATES.columns);
    let mut consumption = Csv::new(schema::CONSUMPTION.columns);
    for j in 0..n {
        let id = job(j);
        needs.row([id.as_str(), "GAP", format!("Job {}", j + 1).as_str(), "IaaS", "false", "", "12"]);
        for i in 0..m {
            let o = offer(i);
            let price = money(p.cost[i * n + j] as i64 * 100);
            estimates.row([id.as_str(), o.as_str(), price.as_str(), "qc", "", "", "", "", ""]);
            consumption.row([id.as_str(), o.as_str(), UNIT, p.resource[i * n + j].to_string().as_str()]);
        }
    }
    let mut scenario = String::new();
    let _ = write!(
        scenario,
        "# OR-Library generalised assignment problem {name} ({source}), converted by courtier generate --gap.\n\
         # Each job is a need, each agent a supplier with one offer; the minimum total cost is the GAP's optimum.\n\
         model = \".\"\n\
         description = \"GAP {name} ({m} agents, {n} jobs): lowest total cost within every agent's capacity; spread \
         and Quebec floor off.\"\n\n\
         [objective]\nbasis = \"price\"\n\n\
         [spread]\nenabled = false\n\n\
         [quebec]\nenabled = false\n\n\
         [capacity]\nenabled = true\n\n\
         [tiebreak]\nseed = {seed}\n"
    );
    let bytes = [
        agencies.bytes(),
        suppliers.bytes(),
        offers.bytes(),
        needs.bytes(),
        estimates.bytes(),
        capacities.bytes(),
        consumption.bytes(),
    ];
    let mut files: Vec<(String, Vec<u8>)> = MODEL_FILES.iter().map(|f| f.to_string()).zip(bytes).collect();
    files.push(("gap.toml".into(), scenario.into_bytes()));
    let stats = Stats {
        agencies: 1,
        suppliers: m,
        offers: m,
        needs: n,
        estimates: m * n,
        eligible: m * n,
        unservable: 0,
        capacities: m,
        precedences: 0,
        period_capacities: 0,
    };
    Generated { files, stats }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("g.txt")
    }

    /// Two problems: 2 agents x 3 jobs, then 1 agent x 1 job.
    const TWO: &str = "2\n 2 3\n 5 6 7\n 8 9 10\n 1 2 3\n 4 5 6\n 10 20\n 1 1\n 4\n 2\n 3\n";

    #[test]
    fn reads_every_problem_whatever_the_line_breaks() {
        let g = parse(TWO, path()).unwrap();
        assert_eq!(g.layout, Layout::OrLibrary);
        assert_eq!(g.problems.len(), 2);
        let p = &g.problems[0];
        assert_eq!((p.agents, p.jobs), (2, 3));
        assert_eq!(p.cost, [5, 6, 7, 8, 9, 10]);
        assert_eq!(p.resource, [1, 2, 3, 4, 5, 6]);
        assert_eq!(p.capacity, [10, 20]);
        assert_eq!(g.problems[1], Problem { agents: 1, jobs: 1, cost: vec![4], resource: vec![2], capacity: vec![3] });
        let flat = TWO.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(parse(&flat, path()).unwrap(), g, "line breaks mean nothing");
    }

    #[test]
    fn reads_a_one_problem_file() {
        let g = parse("2 1\r\n3 4\r\n1 1\r\n5 5", path()).unwrap();
        assert_eq!(g.layout, Layout::Single);
        assert_eq!(
            g.problems,
            [Problem { agents: 2, jobs: 1, cost: vec![3, 4], resource: vec![1, 1], capacity: vec![5, 5] }]
        );
    }

    #[test]
    fn a_bad_value_is_located() {
        let text = TWO.replace("8 9 10", "8 x9 10");
        let d = parse(&text, path()).unwrap_err();
        assert_eq!((d.code, d.line, d.column), (codes::BAD_VALUE, Some(4), Some(4)), "{d}");
        assert!(d.to_string().contains("`x9` is not a whole number"), "{d}");
        let d = parse("1 1 1 -4 2 3", path()).unwrap_err();
        assert_eq!((d.code, d.line, d.column), (codes::BAD_VALUE, Some(1), Some(7)), "{d}");
        let d = parse("1 1 1 99999999999999999999 2 3", path()).unwrap_err();
        assert!(d.message.contains("is too large"), "{d}");
    }

    #[test]
    fn a_short_or_long_file_is_refused() {
        let short = TWO.trim_end().trim_end_matches('3').to_string();
        let d = parse(&short, path()).unwrap_err();
        assert_eq!(d.code, codes::VALUE_COUNT, "{d}");
        assert!(d.message.contains("problem 2: the file ends after 2 of the 3 values"), "{d}");
        assert_eq!(d.line, Some(10));
        let d = parse(&format!("{TWO} 7"), path()).unwrap_err();
        assert_eq!((d.code, d.line, d.column), (codes::VALUE_COUNT, Some(12), Some(2)), "{d}");
        let d = parse(&TWO.replacen('2', "3", 1), path()).unwrap_err();
        assert!(d.message.contains("ends after problem 2 of the 3"), "{d}");
        let d = parse("  \n", path()).unwrap_err();
        assert_eq!(d.code, codes::VALUE_COUNT);
    }

    #[test]
    fn zero_sizes_and_costs_are_refused() {
        let d = parse("0", path()).unwrap_err();
        assert_eq!(d.code, codes::BAD_SIZE);
        let d = parse("1 0 3", path()).unwrap_err();
        assert_eq!((d.code, d.column), (codes::BAD_SIZE, Some(3)), "{d}");
        let d = parse(&TWO.replace(" 5 6 7", " 5 0 7"), path()).unwrap_err();
        assert_eq!((d.code, d.line, d.column), (codes::ZERO_COST, Some(3), Some(4)), "{d}");
        assert!(d.message.contains("job 2 on agent 1"), "{d}");
    }

    #[test]
    fn problem_numbers_outside_the_file_are_refused() {
        let g = parse(TWO, path()).unwrap();
        assert_eq!(select(&g, 2, path()).unwrap().agents, 1);
        for k in [0, 3] {
            let d = select(&g, k, path()).unwrap_err();
            assert_eq!(d.code, codes::BAD_SIZE);
            assert!(d.to_string().contains("the file holds 2 problems"), "{d}");
        }
    }

    #[test]
    fn names_follow_or_library_and_yagiura() {
        let p = |m, n| Problem { agents: m, jobs: n, cost: vec![], resource: vec![], capacity: vec![] };
        assert_eq!(problem_name("gap1", Layout::OrLibrary, 1, &p(5, 15)), "c515-1");
        assert_eq!(problem_name("gap5", Layout::OrLibrary, 3, &p(8, 24)), "c824-3");
        assert_eq!(problem_name("gap9", Layout::OrLibrary, 1, &p(10, 30)), "c1030-1");
        assert_eq!(problem_name("gapd", Layout::OrLibrary, 6, &p(20, 200)), "d20200");
        assert_eq!(problem_name("e05100", Layout::Single, 1, &p(5, 100)), "e05100");
        assert_eq!(problem_name("mine", Layout::OrLibrary, 2, &p(3, 4)), "mine-2");
    }

    #[test]
    fn the_model_has_one_estimate_per_agent_and_job() {
        let g = parse(TWO, path()).unwrap();
        let model = to_model(&g.problems[0], "t-1", "g.txt problem 1", 9);
        let file = |name: &str| String::from_utf8(model.files.iter().find(|f| f.0 == name).unwrap().1.clone()).unwrap();
        assert_eq!(
            file("estimates.csv").lines().nth(2).unwrap(),
            "J-001,O-AGENT-02,8.00,qc,,,,,",
            "job 1 on agent 2 costs c[2][1] = 8"
        );
        assert_eq!(file("consumption.csv").lines().nth(2).unwrap(), "J-001,O-AGENT-02,gap_units,4");
        assert_eq!(file("capacities.csv"), "supplier,unit,limit\nAGENT-01,gap_units,10\nAGENT-02,gap_units,20\n");
        assert_eq!(file("estimates.csv").lines().count(), 1 + 6);
        assert!(file("gap.toml").contains("\nseed = 9\n"));
        assert_eq!(model.stats.estimates, 6);
    }
}
