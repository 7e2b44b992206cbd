//! End-to-end tests: run the real `ogi` binary on fixture folders and check its
//! standard output, standard error and exit code. Fixtures live beside the tests in
//! `tests/e2e/fixtures/`.

mod http;
mod support;

mod bad_input;
mod browser;
mod cli;
mod conventions;
mod embedded;
mod exit_codes;
mod lang;
mod mutation;
mod rule_fixtures;
mod search;
mod search_oracle;
mod seed;
mod serve;
mod site;
mod themes;
mod user;
mod webdriver;
