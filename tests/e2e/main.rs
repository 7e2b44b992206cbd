//! End-to-end tests: run the real `ogi` binary on fixture folders and check its
//! standard output, standard error and exit code. Fixtures live beside the tests in
//! `tests/e2e/fixtures/`.

mod a11y;
mod http;
mod support;

mod bad_input;
mod browser;
mod cli;
mod conventions;
mod csv_export;
mod embedded;
mod exit_codes;
mod findings;
mod import;
mod lang;
mod mutation;
mod readers;
mod rule_fixtures;
mod search;
mod search_oracle;
mod seed;
mod serve;
mod serve_limits;
mod serve_log;
mod site;
mod site_config;
mod special_files;
mod themes;
mod user;
mod webdriver;
