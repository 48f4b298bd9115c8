//! Work off the frame, one pattern for all of it (saving, the decision-map search, exports):
//! a closure on Bevy's async compute pool, polled once a frame until it reports back.

use std::panic::{AssertUnwindSafe, catch_unwind};

use bevy::tasks::futures::check_ready;
use bevy::tasks::{AsyncComputeTaskPool, Task};

/// The work panicked: a bug, shown rather than hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panicked;

/// A closure running on the async compute pool.
#[derive(Debug)]
pub struct Background<T>(Task<Result<T, Panicked>>);

impl<T: Send + 'static> Background<T> {
    /// Starts `work` off the frame.
    pub fn spawn(work: impl FnOnce() -> T + Send + 'static) -> Background<T> {
        let task = AsyncComputeTaskPool::get()
            .spawn(async move { catch_unwind(AssertUnwindSafe(work)).map_err(|_| Panicked) });
        Background(task)
    }

    /// The outcome once the work is done; `None` while it runs.
    pub fn poll(&mut self) -> Option<Result<T, Panicked>> {
        check_ready(&mut self.0)
    }
}
