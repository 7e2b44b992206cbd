//! What each page's template sees: the view models of the seven kinds of page, made from
//! the site model. A report's page reads its [`Entry`](crate::model::Entry); every page
//! that lists reports reads their [`Listing`]s only.

mod listing;
mod lists;
mod report;
mod statistics;

pub(crate) use listing::{Group, Listing, Listings};
pub(crate) use lists::{body_view, district_view, home_view, year_view};
pub(crate) use report::{Finding, report_view};
pub(crate) use statistics::statistics_view;
