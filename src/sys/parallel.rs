//! A small helper to spread independent work over the cores (loading is CPU-bound and the
//! machines CASA runs on have at least two).

/// How many threads [`par_map`] runs on: one per core.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Maps items on all cores, keeping their order.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads();
    if threads < 2 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    // Each thread takes the next item when it is done with one, so a few huge items (the
    // world's largest countries) do not leave a thread idle while another works through
    // a row of them.
    let f = &f;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let next = &next;
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(items.len()))
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            break;
                        };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            // A panic in a worker is a bug in CASA, not bad input: propagate it.
            let part = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, r) in part {
                results[i] = Some(r);
            }
        }
    });
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_mapped_once_in_order() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work: a few items take far longer than the rest.
        let out = par_map(&items, |&k| {
            if k % 97 == 0 {
                (0..200_000u64).fold(k, |a, b| a.wrapping_add(b % 7))
            } else {
                k
            }
        });
        assert_eq!(out.len(), items.len());
        for (k, v) in out.iter().enumerate() {
            if k % 97 != 0 {
                assert_eq!(*v, k as u64);
            }
        }
    }
}
