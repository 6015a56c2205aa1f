//! The HTTP transport of `kubesim serve`: a thin layer on tiny_http (a small, synchronous,
//! threaded HTTP/1.1 server with no async runtime, so the cluster can stay a plain value
//! behind a lock or Python's GIL). Requests become [`Request`]s for [`handle`]; watches are
//! streamed with chunked transfer encoding by a thread each, flushed event by event.
//!
//! Limits (never a hang, never a crash): bodies over [`MAX_BODY_BYTES`] get 413 unread,
//! at most `max_watches` watches stream at once (429 after that), every watch ends at its
//! timeout, and a ticker moves the virtual clock with the wall clock times `speed`.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{
    follow_clock, handle, Config, Reply, Request, Response, MAX_BODY_BYTES, MAX_QUERY_BYTES,
};
use crate::sim::engine::Cluster;
use crate::state::feed::DEFAULT_CAPACITY;

/// Where the cluster lives: behind a mutex in Rust, or in a Python object (the GIL).
pub trait Host: Send + Sync + 'static {
    /// Runs `f` on the cluster; `None` when it cannot be had right now.
    fn with_cluster<R>(&self, f: impl FnOnce(&mut Cluster) -> R) -> Option<R>;
}

impl Host for std::sync::Mutex<Cluster> {
    fn with_cluster<R>(&self, f: impl FnOnce(&mut Cluster) -> R) -> Option<R> {
        let mut guard = self.lock().unwrap_or_else(|p| p.into_inner());
        Some(f(&mut guard))
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub address: String,
    /// 0 picks a free port.
    pub port: u16,
    pub token: String,
    /// Virtual seconds per wall-clock second; 0 freezes the clock.
    pub speed: f64,
    /// Threads answering requests (watches get threads of their own).
    pub threads: usize,
    pub max_watches: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            address: "127.0.0.1".into(),
            port: 0,
            token: String::new(),
            speed: 1.0,
            threads: 4,
            max_watches: 200,
        }
    }
}

/// A running server; [`Served::stop`] ends it.
pub struct Served {
    pub url: String,
    pub port: u16,
    stop: Arc<AtomicBool>,
    server: Arc<tiny_http::Server>,
    threads: Vec<JoinHandle<()>>,
}

struct Shared<H> {
    host: Arc<H>,
    config: Config,
    stop: Arc<AtomicBool>,
    watches: AtomicUsize,
    max_watches: usize,
    watch_threads: std::sync::Mutex<Vec<JoinHandle<()>>>,
}

/// Starts serving `host` in background threads.
pub fn start<H: Host>(host: Arc<H>, options: Options) -> Result<Served, String> {
    let server = tiny_http::Server::http((options.address.as_str(), options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.address, options.port))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or("the server has no IP address")?;
    let host_part = if options.address.contains(':') {
        format!("[{}]", options.address)
    } else {
        options.address.clone()
    };
    let url = format!("http://{host_part}:{port}");
    host.with_cluster(|c| c.store.feed.enable(DEFAULT_CAPACITY))
        .ok_or("the cluster is busy")?;
    let server = Arc::new(server);
    let stop = Arc::new(AtomicBool::new(false));
    let shared = Arc::new(Shared {
        host: host.clone(),
        config: Config {
            token: (!options.token.is_empty()).then(|| options.token.clone()),
            address: format!("{host_part}:{port}"),
        },
        stop: stop.clone(),
        watches: AtomicUsize::new(0),
        max_watches: options.max_watches,
        watch_threads: std::sync::Mutex::new(Vec::new()),
    });
    let mut threads = Vec::new();
    for _ in 0..options.threads.max(1) {
        let server = server.clone();
        let shared = shared.clone();
        threads.push(std::thread::spawn(move || worker(&server, &shared)));
    }
    if options.speed > 0.0 {
        let stop = stop.clone();
        let speed = options.speed;
        threads.push(std::thread::spawn(move || ticker(&*host, &stop, speed)));
    }
    let shared_for_join = shared.clone();
    threads.push(std::thread::spawn(move || {
        // Reaps finished watch threads so a long session does not pile them up.
        while !shared_for_join.stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(500));
            let mut list = shared_for_join
                .watch_threads
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            list.retain(|t| !t.is_finished());
        }
        let list = std::mem::take(
            &mut *shared_for_join
                .watch_threads
                .lock()
                .unwrap_or_else(|p| p.into_inner()),
        );
        for t in list {
            let _ = t.join();
        }
    }));
    Ok(Served {
        url,
        port,
        stop,
        server,
        threads,
    })
}

impl Served {
    /// Asks every thread to end, without waiting.
    pub fn signal_stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        self.server.unblock();
    }

    /// Ends the server and waits for its threads (watches end within a poll interval).
    pub fn stop(mut self) {
        self.signal_stop();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    pub fn is_stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.signal_stop();
    }
}

/// Moves the virtual clock with the wall clock: each tick advances it by the wall time
/// since the last tick times `speed` (a jump through `/kubesim/advance` stays).
fn ticker<H: Host>(host: &H, stop: &AtomicBool, speed: f64) {
    let start = Instant::now();
    let mut applied_ms: i64 = 0;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        let due_ms = (start.elapsed().as_secs_f64() * 1000.0 * speed) as i64;
        let step = due_ms - applied_ms;
        if step <= 0 {
            continue;
        }
        let moved = host.with_cluster(|c| {
            let target = c.now.plus(crate::sim::clock::Duration(step));
            if let Err(e) = follow_clock(c, target) {
                log::warn!("the served cluster could not advance: {e}");
            }
        });
        if moved.is_some() {
            applied_ms = due_ms;
        }
    }
}

fn worker<H: Host>(server: &tiny_http::Server, shared: &Arc<Shared<H>>) {
    while !shared.stop.load(Ordering::Relaxed) {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(req)) => serve_one(req, shared),
            Ok(None) => {}
            Err(_) => break,
        }
    }
}

fn respond(req: tiny_http::Request, resp: Response) {
    let mut out = tiny_http::Response::from_data(resp.body).with_status_code(resp.status);
    for (k, v) in resp.headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            out.add_header(h);
        }
    }
    let _ = req.respond(out);
}

fn serve_one<H: Host>(mut req: tiny_http::Request, shared: &Arc<Shared<H>>) {
    let too_large = super::status::ApiError::too_large(MAX_BODY_BYTES).into_response();
    if req.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
        return respond(req, too_large);
    }
    let url = req.url().to_string();
    if url.len() > MAX_QUERY_BYTES {
        let e = super::status::ApiError::bad_request("the request URL is too long");
        return respond(req, e.into_response());
    }
    // An upgrade request (exec, attach, port-forward over WebSocket or SPDY) hands the
    // whole connection over as its body: read none of it, answer, and let it close.
    let upgrade = req.headers().iter().any(|h| {
        h.field.equiv("Connection") && h.value.as_str().to_ascii_lowercase().contains("upgrade")
    });
    let mut body = Vec::new();
    if !upgrade
        && req
            .as_reader()
            .take(MAX_BODY_BYTES as u64 + 1)
            .read_to_end(&mut body)
            .is_err()
    {
        let e = super::status::ApiError::bad_request("the request body could not be read");
        return respond(req, e.into_response());
    }
    if body.len() > MAX_BODY_BYTES {
        return respond(req, too_large);
    }
    let mut request = Request::new(req.method().as_str(), &url);
    request.headers = req
        .headers()
        .iter()
        .map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string()))
        .collect();
    request.body = body;
    let reply = shared.host.with_cluster(|c| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            handle(c, &shared.config, &request)
        }))
    });
    match reply {
        None => respond(
            req,
            super::status::ApiError::too_many_requests("the cluster is busy; try again")
                .into_response(),
        ),
        Some(Err(_)) => respond(
            req,
            super::status::ApiError::internal(
                "kubesim failed on this request (a bug: please report it)",
            )
            .into_response(),
        ),
        Some(Ok(Reply::Done(resp))) => respond(req, resp),
        Some(Ok(Reply::Watch(w))) => {
            if shared.watches.fetch_add(1, Ordering::SeqCst) >= shared.max_watches {
                shared.watches.fetch_sub(1, Ordering::SeqCst);
                let e = super::status::ApiError::too_many_requests(format!(
                    "too many watches (at most {})",
                    shared.max_watches
                ));
                return respond(req, e.into_response());
            }
            let shared2 = shared.clone();
            let t = std::thread::spawn(move || {
                stream(req, w, &shared2);
                shared2.watches.fetch_sub(1, Ordering::SeqCst);
            });
            shared
                .watch_threads
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(t);
        }
    }
}

fn chunk(out: &mut dyn Write, data: &[u8]) -> std::io::Result<()> {
    write!(out, "{:x}\r\n", data.len())?;
    out.write_all(data)?;
    out.write_all(b"\r\n")?;
    out.flush()
}

/// Streams a watch until its timeout, the server's stop, an error event or a client that
/// went away.
fn stream<H: Host>(req: tiny_http::Request, mut watch: Box<super::Watch>, shared: &Shared<H>) {
    let mut out = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                Transfer-Encoding: chunked\r\nCache-Control: no-cache, private\r\n\
                Connection: close\r\n\r\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return;
    }
    let started = Instant::now();
    let mut last_bookmark = Instant::now();
    loop {
        if shared.stop.load(Ordering::Relaxed) || started.elapsed() >= watch.timeout {
            break;
        }
        let polled = shared.host.with_cluster(|c| watch.poll(c));
        let (events, end) = match polled {
            None => (Vec::new(), false),
            Some(Ok(events)) => (events, false),
            Some(Err(error)) => (vec![error], true),
        };
        let mut failed = false;
        for e in events {
            let mut line = serde_json::to_vec(&e).unwrap_or_default();
            line.push(b'\n');
            if chunk(&mut *out, &line).is_err() {
                failed = true;
                break;
            }
        }
        if failed || end {
            break;
        }
        if watch.bookmarks && last_bookmark.elapsed() >= Duration::from_secs(5) {
            let mut line = serde_json::to_vec(&watch.bookmark()).unwrap_or_default();
            line.push(b'\n');
            if chunk(&mut *out, &line).is_err() {
                return;
            }
            last_bookmark = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = out.write_all(b"0\r\n\r\n").and_then(|_| out.flush());
}
