//! Writing results: for people (`path:line`, colour) and for programs
//! (JSON lines).

mod human;
mod json;

pub use human::{write_hits, write_in_context, Style};
pub use json::{write_hits_json, write_in_context_json, JsonHit};

/// Removes terminal control characters from text that came from a file, so
/// that a bulletin cannot move the cursor or recolour the terminal.
pub fn strip_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        text.chars()
            .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}
