use clap::Parser;
use degree_backend::config::{Cli, Command};
use degree_backend::simulator::{self, data::Population, SimState};
use degree_backend::{openapi, telemetry, Application};
use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    match cli.command {
        Some(Command::Openapi { out }) => write_document(&out, openapi::document_json()),
        Some(Command::UpstreamContract { out }) => write_document(&out, openapi::upstream_json()),
        Some(Command::Simulator {
            bind,
            seed,
            units,
            students_per_unit,
        }) => {
            simulator(
                &bind,
                Population {
                    seed,
                    units,
                    students_per_unit,
                },
            )
            .await
        }
        Some(Command::Serve) | None => serve(cli.config).await,
    }
}

async fn simulator(bind: &str, population: Population) -> ExitCode {
    let listener = match std::net::TcpListener::bind(bind) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("the simulator cannot listen on {bind}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Campus systems simulator (学籍/教师/教务/培养) at http://{bind}: {} units × {} students",
        population.units, population.students_per_unit
    );
    match simulator::serve(SimState::new(population), listener) {
        Ok(server) => match server.await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("simulator stopped: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("simulator cannot start: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_document(out: &std::path::Path, json: Result<String, serde_json::Error>) -> ExitCode {
    let json = match json {
        Ok(json) => json,
        Err(e) => {
            eprintln!("cannot render the OpenAPI document: {e}");
            return ExitCode::FAILURE;
        }
    };
    let written = if out.as_os_str() == "-" {
        print!("{json}");
        Ok(())
    } else {
        std::fs::write(out, json)
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: degree_backend::Config) -> ExitCode {
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("degree-server cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let host = app
        .state
        .config
        .bind
        .rsplit_once(':')
        .map_or("127.0.0.1", |(h, _)| h)
        .to_owned();
    let url = format!("http://{host}:{}", app.port());
    println!("学位管理系统 is running at {url}/  (OpenAPI explorer: {url}/api/docs/)");
    if let Some(portal) = app
        .state
        .config
        .portal_url
        .as_ref()
        .filter(|_| app.state.config.demo)
    {
        println!(
            "统一身份认证 (CAS) at {portal}: a student signs in with their 学号 there (the simulated portal's password: {})",
            degree_backend::simulator::cas::PORTAL_PASSWORD
        );
    }
    if !app.demo_accounts.is_empty() {
        println!(
            "Demo accounts (password: {}):",
            app.state.config.demo_password
        );
        for a in &app.demo_accounts {
            println!("  {:<14} {:<18} {}", a.username, a.role.label(), a.scope);
        }
        println!("  (unit1_new has registered (备案) and awaits unit1_sys's approval in 账号管理)");
    } else if app.state.config.demo {
        println!("Demo data was created on an earlier start; accounts: admin, office, netcenter, unit1_sys, unit1_admin, unit2_admin, prelim1, secretary1, member1, member3, and students such as 20218000100001 (password: {}).", app.state.config.demo_password);
    }
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("degree-server stopped: {e}");
            ExitCode::FAILURE
        }
    }
}
