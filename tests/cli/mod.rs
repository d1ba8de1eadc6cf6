//! End-to-end tests of the `bantin` binary on fixture folders, one module
//! per topic. Each test builds its own fixture and index in a temp dir.

mod color;
mod corpus;
mod exit;
mod incremental;
mod inputs;
mod interrupted;
mod json;
mod packing;
mod pipe;
mod query;
mod scale;
mod show;
mod unreadable;
