//! Benchmarks: loading and solving the bundled example scenarios end to end, and the MIP alone.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;

fn bench_scenarios(c: &mut Criterion) {
    let mut group = c.benchmark_group("cti-2025");
    group.sample_size(10);
    for name in ["price-only", "reference", "strict-spread"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.toml"));
        let loaded = courtier::io::load(&path).expect("bundled scenario loads");
        group.bench_function(format!("load/{name}"), |b| b.iter(|| courtier::io::load(&path).expect("loads")));
        group.bench_function(format!("solve/{name}"), |b| {
            b.iter(|| courtier::solve::solve(&loaded.model.world, &loaded.scenario.policy, None).expect("solves"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_scenarios);
criterion_main!(benches);
