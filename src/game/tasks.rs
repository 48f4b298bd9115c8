//! Work off the frame, one pattern for all of it (saving, the decision-map search, exports):
//! a closure on Bevy's async compute pool, polled once a frame until it reports back.

use std::panic::{AssertUnwindSafe, catch_unwind};

use bevy::prelude::MessageWriter;
use bevy::tasks::futures::check_ready;
use bevy::tasks::{AsyncComputeTaskPool, Task};
use bevy::window::RequestRedraw;

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

    /// The outcome once the work is done; while it runs, another frame is asked for, so its
    /// end is noticed even when the app idles (reactive rendering).
    pub fn poll_or_redraw(
        &mut self,
        redraw: &mut MessageWriter<RequestRedraw>,
    ) -> Option<Result<T, Panicked>> {
        let polled = self.poll();
        if polled.is_none() {
            redraw.write(RequestRedraw);
        }
        polled
    }
}
