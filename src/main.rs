//! The `bantin` binary: all logic is in the library (`bantin::cli`).

/// mimalloc instead of the system allocator: tantivy's indexing threads
/// allocate and free large buffers, and glibc's per-thread arenas kept
/// that memory resident (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    bantin::cli::main()
}
