//! Links bantin's binaries (and the speed bench's one-query peer, so that
//! both sides of that comparison are linked alike) as position-dependent
//! executables; nothing else is built here.

fn main() {
    // A position-independent executable has its pointers relocated at every
    // start: 36k relocations, and a copy-on-write fault for each of the
    // 160-odd pages of `.data.rel.ro` they write to, a fifth of the page
    // faults of one `bantin search`. Linked at a fixed address, there is
    // nothing to relocate. (The code itself stays position-independent;
    // the price is that the executable's own code is not placed at a
    // random address.)
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        println!("cargo:rustc-link-arg-benches=-no-pie");
    }
}
