//! Wire types, one module per resource.

pub mod account;
pub mod application;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod committee;
pub mod degree_data;
pub mod final_review;
pub mod health;
pub mod sync;
pub mod unit;
pub mod verification;

use serde::{Deserialize, Serialize};

/// One page of a list, with the total count for "共 N 条".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> i64 {
        if self.per_page <= 0 {
            0
        } else {
            (self.total + self.per_page - 1) / self.per_page
        }
    }
}

pub const DEFAULT_PER_PAGE: i64 = 20;
pub const MAX_PER_PAGE: i64 = 200;

/// Paging parameters shared by every list (1-based page).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PageQuery {
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub page: Option<i64>,
    /// Rows per page, 1 to 200 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub per_page: Option<i64>,
}

impl PageQuery {
    /// The page and page size after clamping to sane bounds.
    pub fn resolved(self) -> (i64, i64) {
        let page = self.page.unwrap_or(1).max(1);
        let per_page = self
            .per_page
            .unwrap_or(DEFAULT_PER_PAGE)
            .clamp(1, MAX_PER_PAGE);
        (page, per_page)
    }

    pub fn offset(self) -> i64 {
        let (page, per_page) = self.resolved();
        (page - 1).saturating_mul(per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_is_clamped() {
        let q = PageQuery {
            page: Some(0),
            per_page: Some(10_000),
        };
        assert_eq!(q.resolved(), (1, MAX_PER_PAGE));
        assert_eq!(q.offset(), 0);
        let q = PageQuery {
            page: Some(3),
            per_page: Some(10),
        };
        assert_eq!(q.offset(), 20);
    }
}
