//! The `bantin` binary: all logic is in the library (`bantin::cli`).

fn main() -> std::process::ExitCode {
    bantin::cli::main()
}
