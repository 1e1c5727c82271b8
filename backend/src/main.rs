use clap::Parser;
use degree_backend::config::{Cli, Command};
use degree_backend::{openapi, telemetry, Application};
use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    match cli.command {
        Some(Command::Openapi { out }) => write_openapi(&out),
        Some(Command::Serve) | None => serve(cli.config).await,
    }
}

fn write_openapi(out: &std::path::Path) -> ExitCode {
    let json = match openapi::document_json() {
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
    if !app.demo_accounts.is_empty() {
        println!(
            "Demo accounts (password: {}):",
            app.state.config.demo_password
        );
        for a in &app.demo_accounts {
            println!("  {:<14} {:<18} {}", a.username, a.role.label(), a.scope);
        }
    } else if app.state.config.demo {
        println!("Demo data was created on an earlier start; accounts: admin, office, netcenter, unit1_sys, unit1_admin, unit2_admin, prelim1, secretary1, member1, member3 (password: {}).", app.state.config.demo_password);
    }
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("degree-server stopped: {e}");
            ExitCode::FAILURE
        }
    }
}
