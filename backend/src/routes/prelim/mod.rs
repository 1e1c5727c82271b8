//! 学位初审 and 数据上报 (SPEC §2.5–2.6): the unit's 学位初审委员会 and its
//! members' portal rights, 网上学位初审, 学位初审信息, 学位初审结果, the
//! 表决授予学位名单, the submission and its reopening, and the decision
//! rules. The committee machinery is `crate::committee` (any committee);
//! these are the unit's endpoints of it.

pub mod committee;
pub mod meeting;
pub mod results;
pub mod review;
pub mod rules;
pub mod submission;
pub mod voting_list;
