//! sopkit's integration tests: one binary, one module per area. Every test
//! runs the real `sopkit` binary, as a user or a CI job would.

mod atomic;
mod bpmn;
mod build;
mod cli;
mod confluence;
mod controlled;
mod convert;
mod convert_property;
mod diagrams;
mod docs;
mod examples;
mod fidelity;
mod fix;
mod flow_property;
mod geometry;
mod language_server;
mod links;
mod markdown;
mod new;
mod page_fit;
mod pipeline;
mod publish;
mod render;
mod robustness;
mod rules;
mod scaling;
mod schema;
mod serve;
mod special_files;
mod support;
mod usability;
mod watch;
mod yaml_suite;
