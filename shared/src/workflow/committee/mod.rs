//! The committees of the workflow — the unit's 学位初审委员会, the
//! discipline group's 学科群分会 and the university's 学位评定委员会 — and
//! the one rule that turns a meeting's secret ballot into a decision. The
//! server and the UI both ask this module; pure functions, no IO.
//!
//! `kinds`: which committee, who manages it, who sits on it, when it may
//! act; a member's position and opinion. `rule`: the ballot's counts and
//! the configurable `DecisionRule`.

mod kinds;
mod rule;

pub use kinds::{CommitteeKind, CommitteeOf, Opinion, Position};
pub use rule::{Attendance, DecisionRule, Fraction, PassBase, VoteProblem, Votes};

#[cfg(test)]
mod tests;
