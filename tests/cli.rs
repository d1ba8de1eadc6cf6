//! End-to-end tests of the `bantin` binary on fixture folders.
