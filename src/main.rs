use std::process::ExitCode;

fn main() -> ExitCode {
    soc2::run(std::env::args_os())
}
