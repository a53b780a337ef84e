//! Builds the `tally-widget` crate (the editor) and the `tally-embed` crate (the publisher
//! embed) to WebAssembly and runs wasm-bindgen on each, so the server can embed the results
//! (`$OUT_DIR/pkg/tally_widget.js` and `tally_widget_bg.wasm`, `tally_embed.js` and
//! `tally_embed_bg.wasm`; see `src/assets.rs`).
//!
//! No external tools: a nested `cargo build` for `wasm32-unknown-unknown`, then the
//! `wasm-bindgen-cli-support` library. Because that library and the widget's `wasm-bindgen` crate
//! are pinned to the same version in one `Cargo.lock`, they cannot drift apart (wasm-bindgen
//! refuses to process a module built by a different version of itself).
//!
//! A cold build spends about a minute here with no output; `cargo build -vv` shows the nested
//! cargo's progress.

use std::env;
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use wasm_bindgen_cli_support::Bindgen;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Size-optimised profile defined in the workspace `Cargo.toml`.
const WASM_PROFILE: &str = "wasm-release";
/// The packages compiled to WebAssembly, each with the file name cargo gives its `cdylib`
/// (package name with `_`); wasm-bindgen names its output after that file
/// (`tally_widget.js`, `tally_widget_bg.wasm`).
const WASM_PACKAGES: &[(&str, &str)] = &[
    ("tally-widget", "tally_widget.wasm"),
    ("tally-embed", "tally_embed.wasm"),
];

/// Variables the outer cargo (or clippy) sets for this build script that must not reach the
/// nested cargo:
/// - the rustflags are meant for the host build; cargo reads `CARGO_ENCODED_RUSTFLAGS` as its
///   own flags, so the host's flags (or clippy's) would be applied to the wasm build;
/// - `RUSTC_WORKSPACE_WRAPPER` is clippy-driver under `cargo clippy`; linting the widget is the
///   outer clippy's job;
/// - `CARGO_BUILD_TARGET` / `CARGO_TARGET_DIR` would fight our `--target` and `--target-dir`;
/// - the rest describe this build script's own package and build. The nested cargo sets its own
///   where they apply, but stale ones would leak everywhere else (into the widget's dependencies
///   and their build scripts), and since they differ between outer builds (`OUT_DIR`, `PROFILE`,
///   clippy or not) they could make the nested build look dirty each time.
///
/// `RUSTC` is kept on purpose (same compiler as the outer build), and so is `CARGO_MAKEFLAGS`,
/// through which the nested cargo shares the outer build's jobserver instead of starting as
/// many jobs again.
const REMOVED_ENV: &[&str] = &[
    "CARGO_ENCODED_RUSTFLAGS",
    "RUSTFLAGS",
    "CARGO_BUILD_RUSTFLAGS",
    "RUSTC_WORKSPACE_WRAPPER",
    "CARGO_BUILD_TARGET",
    "CARGO_TARGET_DIR",
    "CARGO_BUILD_TARGET_DIR",
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_MANIFEST_LINKS",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_CRATE_NAME",
    "OUT_DIR",
    "TARGET",
    "HOST",
    "NUM_JOBS",
    "OPT_LEVEL",
    "DEBUG",
    "PROFILE",
    "RUSTDOC",
    "RUSTC_LINKER",
];

/// Prefixes of the per-package variables in the same situation (features, target cfgs, package
/// metadata, `links` metadata from dependencies).
const REMOVED_ENV_PREFIXES: &[&str] = &["CARGO_FEATURE_", "CARGO_CFG_", "CARGO_PKG_", "DEP_"];

fn main() {
    // Returning the error from `main` would print its `Debug` form, quotes and `\n`s included;
    // cargo shows this script's stderr when it fails, so print the message as written.
    if let Err(err) = run() {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR unset")?);
    let workspace = manifest_dir
        .parent()
        .ok_or("the server crate has no parent directory")?
        .to_path_buf();
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?);
    embed_corpus(&workspace.join("corpus"), &out_dir)?;

    // Everything the wasm depends on. Directories are scanned recursively by cargo. The root
    // manifest holds the `wasm-release` profile and the workspace dependency versions.
    for path in [
        "widget/src",
        "widget/Cargo.toml",
        "embed/src",
        "embed/Cargo.toml",
        "shared/src",
        "shared/Cargo.toml",
        "Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", workspace.join(path).display());
    }
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_DIR");

    ensure_wasm_target()?;

    // Its own target directory: sharing the outer one makes the nested cargo wait forever for
    // the lock the outer cargo holds. One directory for every outer profile, so a debug build,
    // a release build and clippy share the compiled widget instead of each building it cold.
    let target_dir = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"))
        .join("widget-build");

    build_wasm(&workspace, &target_dir)?;

    let pkg = out_dir.join("pkg");
    // Start from an empty directory so no file from an earlier widget (an old snippet, say)
    // can linger and be served.
    if pkg.exists() {
        fs::remove_dir_all(&pkg)?;
    }
    for (_, artifact) in WASM_PACKAGES {
        let wasm = target_dir
            .join(WASM_TARGET)
            .join(WASM_PROFILE)
            .join(artifact);
        bindgen(&wasm, &pkg)?;
    }
    Ok(())
}

/// Runs wasm-bindgen on `wasm`, writing its glue and its processed module to `pkg`.
fn bindgen(wasm: &Path, pkg: &Path) -> Result<(), Box<dyn Error>> {
    Bindgen::new()
        .input_path(wasm)
        // An ES module with an `init` function, loadable straight from a page: no bundler.
        .web(true)?
        // The library (unlike the CLI) defaults to an `init()` that demands the wasm's URL;
        // keep the CLI's default of `new URL('tally_widget_bg.wasm', import.meta.url)` so the
        // glue works wherever it is served from, next to the wasm.
        .omit_default_module_path(false)
        // The name section is most of an unstripped module's size and only helps debugging.
        .remove_name_section(true)
        .remove_producers_section(true)
        // Nobody consumes the `.d.ts` files, and they would only sit in `OUT_DIR`.
        .typescript(false)
        .generate(pkg)
        .map_err(|err| format!("wasm-bindgen failed on {}: {err:#}", wasm.display()))?;
    Ok(())
}

/// Makes sure the standard library for the wasm target is installed, installing it with rustup
/// when possible so a fresh machine just works.
fn ensure_wasm_target() -> Result<(), Box<dyn Error>> {
    if wasm_target_installed()? {
        return Ok(());
    }
    let hint = format!(
        "the Rust target {WASM_TARGET} is not installed; the server embeds a WebAssembly widget \
         built for it. Run `scripts/ensure-wasm-target.sh` (or `rustup target add {WASM_TARGET}`)."
    );
    // Under rustup, `RUSTUP_TOOLCHAIN` is set for us, so `rustup` installs the target for the
    // toolchain doing this build rather than for the default one.
    println!("cargo:warning=the {WASM_TARGET} target is missing; trying `rustup target add`");
    match Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .stdout(Stdio::null())
        .status()
    {
        Ok(status) if status.success() && wasm_target_installed()? => Ok(()),
        // Installed, but for another toolchain than the compiler running this build (one
        // picked by `RUSTC`, say).
        Ok(status) if status.success() => Err(format!(
            "{hint}\n(`rustup target add` succeeded, but the sysroot of {} still lacks it)",
            rustc().to_string_lossy()
        )
        .into()),
        Ok(status) => Err(format!("{hint}\n(`rustup target add` failed: {status})").into()),
        // No rustup: a distribution toolchain, say. Only the user can fix that.
        Err(err) => Err(format!("{hint}\n(could not run rustup: {err})").into()),
    }
}

/// Whether the sysroot of the compiler doing this build holds a standard library for the wasm
/// target. Asking the compiler, not rustup, also covers toolchains not managed by rustup.
fn wasm_target_installed() -> Result<bool, Box<dyn Error>> {
    let rustc = rustc();
    let output = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .map_err(|err| format!("could not run {}: {err}", Path::new(&rustc).display()))?;
    if !output.status.success() {
        return Err(format!(
            "`rustc --print sysroot` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let sysroot = PathBuf::from(String::from_utf8(output.stdout)?.trim());
    let lib = sysroot.join("lib/rustlib").join(WASM_TARGET).join("lib");
    Ok(fs::read_dir(lib).is_ok_and(|mut entries| entries.next().is_some()))
}

/// The compiler doing this build.
fn rustc() -> std::ffi::OsString {
    env::var_os("RUSTC").unwrap_or_else(|| "rustc".into())
}

/// Runs the nested `cargo build` of the widget and the embed for the wasm target (one cargo
/// run for both, so they share their compiled dependencies and one lock).
fn build_wasm(workspace: &Path, target_dir: &Path) -> Result<(), Box<dyn Error>> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(workspace.join("Cargo.toml"))
        .args(
            WASM_PACKAGES
                .iter()
                .flat_map(|(package, _)| ["-p", package]),
        )
        .arg("--lib")
        .args(["--target", WASM_TARGET])
        .args(["--profile", WASM_PROFILE])
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(workspace)
        // Nested cargo's stdout would be parsed as `cargo:` directives for this script; it
        // writes nothing useful there anyway.
        .stdout(Stdio::null())
        // Its stderr (progress and compiler errors) goes to ours: cargo shows it when this
        // script fails, and live with `-vv`.
        .stderr(Stdio::inherit());
    for name in REMOVED_ENV {
        command.env_remove(name);
    }
    for (name, _) in env::vars_os() {
        if name
            .to_str()
            .is_some_and(|name| REMOVED_ENV_PREFIXES.iter().any(|p| name.starts_with(p)))
        {
            command.env_remove(&name);
        }
    }

    let status = command
        .status()
        .map_err(|err| format!("could not run {}: {err}", Path::new(&cargo).display()))?;
    if !status.success() {
        let packages: Vec<String> = WASM_PACKAGES
            .iter()
            .map(|(package, _)| format!("-p {package}"))
            .collect();
        return Err(format!(
            "building the widget and the embed for {WASM_TARGET} failed ({status}); the \
             nested cargo's output is above. To reproduce: cargo build {} --lib \
             --target {WASM_TARGET} --profile {WASM_PROFILE}",
            packages.join(" ")
        )
        .into());
    }
    Ok(())
}

/// Writes `$OUT_DIR/embedded_corpus.rs`: every file of `corpus/` as `(name, include_str!(..))`,
/// so the binary carries the seed corpus and runs from any directory. The loader in `corpus.rs`
/// validates it at start-up like any other corpus directory.
fn embed_corpus(dir: &Path, out_dir: &Path) -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("embedded_corpus.rs"), code)?;
    Ok(())
}
