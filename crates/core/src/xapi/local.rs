//! A real LRS on this machine for tests and benchmarks: Learning Locker's statement service
//! (installed by `scripts/setup`), started through `scripts/lrs/launch.js` on a free loopback
//! port with Basic auth, and stopped by its process id when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::lrs::LrsConfig;

/// Where `scripts/setup` installs the npm packages: `RAPPORT_LRS_HOME`, else
/// `~/.cache/rapport/lrs`.
pub fn lrs_home() -> PathBuf {
    std::env::var_os("RAPPORT_LRS_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").unwrap_or_default();
            Path::new(&home).join(".cache/rapport/lrs")
        })
}

/// A running local LRS.
pub struct LocalLrs {
    child: Child,
    /// Its working folder: the service writes access logs under `storage/` there, never in the
    /// repository.
    _folder: tempfile::TempDir,
    pub port: u16,
    pub config: LrsConfig,
}

impl LocalLrs {
    /// Starts the LRS with these credentials on a free port of 127.0.0.1 and waits until it
    /// accepts connections. `repo` is the repository's top folder (for the launcher script).
    pub fn start(repo: &Path, user: &str, password: &str) -> Result<LocalLrs, String> {
        let home = lrs_home();
        let package = home.join("node_modules/@learninglocker/xapi-statements/package.json");
        if !package.exists() {
            return Err(format!(
                "the LRS is not installed in {}: run scripts/setup",
                home.display()
            ));
        }
        let port = free_port()?;
        LocalLrs::start_on(repo, port, user, password)
    }

    /// Starts the LRS on `port` (a restart on the same endpoint).
    pub fn start_on(
        repo: &Path,
        port: u16,
        user: &str,
        password: &str,
    ) -> Result<LocalLrs, String> {
        let folder = tempfile::tempdir().map_err(|e| format!("no folder for the LRS: {e}"))?;
        let child = Command::new("node")
            .arg(repo.join("scripts/lrs/launch.js"))
            .current_dir(folder.path())
            .env("RAPPORT_LRS_HOME", lrs_home())
            .env("RAPPORT_LRS_PORT", port.to_string())
            .env("RAPPORT_LRS_USER", user)
            .env("RAPPORT_LRS_PASSWORD", password)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start node (run scripts/setup): {e}"))?;
        let mut lrs = LocalLrs {
            child,
            _folder: folder,
            port,
            config: LrsConfig {
                url: format!("http://127.0.0.1:{port}/xAPI"),
                user: user.to_owned(),
                password: password.to_owned(),
            },
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = lrs.child.try_wait() {
                return Err(format!("the LRS exited at start ({status})"));
            }
            if Instant::now() > deadline {
                return Err("the LRS did not listen within a minute".to_owned());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(lrs)
    }

    /// The process id, to stop it from elsewhere.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for LocalLrs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}
