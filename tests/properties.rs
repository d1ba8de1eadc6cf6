//! Property tests: the analyzer and the query parser on arbitrary input.
