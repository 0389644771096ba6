//! Independent jobs (the points of a sweep, the scenarios of a comparison, a shard's units) on rayon's pool, in
//! first-come order: each worker takes the next job as soon as it is free, and the results come back in the jobs'
//! order whatever the thread count.
//!
//! Their lengths differ tenfold (on the reference sweep of the Quebec floor, 0.6 s to 12.8 s a point). Rayon's
//! indexed split hands each worker a run of neighbours, and a long job met late left one core idle: an 8-point
//! sweep kept 1.68 cores busy on 2, a comparison of 8 scenarios ran 1.53 times faster than one after another. Taken
//! in order, the long jobs start as soon as a core is free (measured in benches/README.md, "Sweeps and comparisons:
//! jobs in first-come order").

use rayon::iter::{ParallelBridge, ParallelIterator};

/// `f` applied to every item, on the pool, taken in order; the results in the items' order.
pub fn map_in_order<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    let mut done: Vec<(usize, R)> = items.into_iter().enumerate().par_bridge().map(|(i, x)| (i, f(x))).collect();
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// [`map_in_order`] for jobs that can fail: every result in the items' order, or the first error in that order.
pub fn try_map_in_order<T: Send, R: Send, E: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> Result<R, E> + Sync + Send,
) -> Result<Vec<R>, E> {
    map_in_order(items, f).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let out = pool.install(|| {
            map_in_order((0..50u64).collect(), |i| {
                // Longer jobs first, so that later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros((50 - i) * 100));
                i * i
            })
        });
        assert_eq!(out, (0..50u64).map(|i| i * i).collect::<Vec<_>>());
    }
}
