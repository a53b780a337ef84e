//! The browser side of Tally, embedded in the binary: the page shell at `/` (the editor) and at
//! `/documents/{id}` (source documents; the wasm picks what to mount from the path), the
//! widget's and the embed's wasm-bindgen output under `/pkg/`, the embed loader `/widget.js`,
//! and `/demo`, a demo publisher page that embeds Tally.
//!
//! `build.rs` compiles the `tally-widget` crate (the editor) and the much smaller
//! `tally-embed` crate (what `/widget.js` loads on publishers' pages) to WebAssembly and writes
//! the wasm-bindgen output to `$OUT_DIR/pkg`; embedding it keeps `tally serve` a single file
//! with nothing to install next to it, and the page and the widget always come from the same
//! build.

use std::sync::OnceLock;

use actix_web::http::header::{
    CacheControl, CacheDirective, ETag, EntityTag, Header, IfNoneMatch, CONTENT_SECURITY_POLICY,
    CONTENT_TYPE,
};
use actix_web::{web, HttpRequest, HttpResponse};

/// One embedded file and how to serve it.
#[derive(Debug)]
struct Asset {
    /// Route it is served at.
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    /// The Content-Security-Policy of a page; scripts, styles and wasm need none of their own.
    csp: Option<&'static str>,
    /// Entity tag, computed from `body` on first use.
    etag: OnceLock<EntityTag>,
}

/// The editor's and the document pages' policy: scripts, styles, wasm and API calls from Tally's
/// own origin only. `'wasm-unsafe-eval'` lets the page compile its WebAssembly (and nothing
/// else); `style-src-attr 'unsafe-inline'` lets the widget place its card with a `style`
/// attribute; there is no inline script and no `<style>` element to allow. The page may not be
/// framed, and has no forms or `<base>` to redirect.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; style-src-attr 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The demo publisher page's policy: the page's own inline `<style>` (a publisher's page) and the
/// `<style>` the embed adds for its highlights need `'unsafe-inline'` styles; scripts are still
/// Tally's own files only. It is also what a publisher's page needs to allow for the embed,
/// with Tally's origin in place of `'self'` (README, "Embedding").
pub const DEMO_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

impl Asset {
    const fn new(path: &'static str, content_type: &'static str, body: &'static [u8]) -> Self {
        Self {
            path,
            content_type,
            body,
            csp: None,
            etag: OnceLock::new(),
        }
    }

    /// An HTML page, served with its Content-Security-Policy.
    const fn page(path: &'static str, body: &'static str, csp: &'static str) -> Self {
        Self {
            path,
            content_type: "text/html; charset=utf-8",
            body: body.as_bytes(),
            csp: Some(csp),
            etag: OnceLock::new(),
        }
    }

    /// A weak tag: the `Compress` middleware may re-encode the body, and weak tags are the
    /// ones that stay valid across content codings. Hashing the content (rather than, say,
    /// the crate version) changes the tag exactly when the file does, including between
    /// development builds of one version.
    fn etag(&self) -> &EntityTag {
        self.etag
            .get_or_init(|| EntityTag::new_weak(format!("{:016x}", fnv1a(self.body))))
    }

    /// Answers GET and HEAD (for HEAD, actix's HTTP/1 encoder keeps the `Content-Length` of
    /// the body and drops the body itself).
    fn respond(&self, req: &HttpRequest) -> HttpResponse {
        // The file names carry no content hash, so a long `max-age` would keep serving an old
        // widget after an upgrade. `no-cache` lets browsers keep a copy but makes them
        // revalidate it on every load, which the ETag turns into a body-less 304.
        let cache_control = CacheControl(vec![CacheDirective::NoCache]);
        let etag = ETag(self.etag().clone());

        let cached = match IfNoneMatch::parse(req) {
            Ok(IfNoneMatch::Any) => true,
            Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|tag| tag.weak_eq(self.etag())),
            // A malformed header is as good as none: send the file.
            Err(_) => false,
        };
        let mut res = if cached {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        res.insert_header(cache_control).insert_header(etag);
        // On a 304 too: browsers update the cached page's headers from it, and without the
        // page's own policy it would get the server's default, which allows nothing.
        if let Some(csp) = self.csp {
            res.insert_header((CONTENT_SECURITY_POLICY, csp));
        }
        if cached {
            return res.finish();
        }
        res.insert_header((CONTENT_TYPE, self.content_type))
            .body(self.body)
    }
}

/// The page; it loads `/app.js` and `/app.css`, and `/app.js` loads the widget from `/pkg/`.
const INDEX_HTML: &str = include_str!("../static/index.html");

/// The page's entry point: initialises the widget's wasm and mounts it.
const APP_JS: &str = include_str!("../static/app.js");

/// The page's styles.
const APP_CSS: &str = include_str!("../static/app.css");

/// The demo publisher page's own script.
const DEMO_JS: &str = include_str!("../static/demo.js");

/// The embed loader a publisher's page includes with `<script src=".../widget.js">`.
const LOADER_JS: &str = include_str!("../static/widget.js");

/// A demo publisher page using the embed.
const DEMO_HTML: &str = include_str!("../static/demo.html");

/// wasm-bindgen's ES-module glue (`--target web`): exports `init` (default) and `run`.
const WIDGET_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pkg/tally_widget.js"));

/// The widget itself. The glue fetches it relative to its own URL, so it must sit next to
/// `tally_widget.js`.
const WIDGET_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pkg/tally_widget_bg.wasm"));

/// The embed's glue: exports `init` (default) and `embed`; loaded by `/widget.js`.
const EMBED_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pkg/tally_embed.js"));

/// The embed itself, next to `tally_embed.js` for the same reason as the widget.
const EMBED_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pkg/tally_embed_bg.wasm"));

static ASSETS: [Asset; 11] = [
    Asset::page("/", INDEX_HTML, PAGE_CSP),
    // The same shell; the widget reads the id (and the quote to highlight) from the URL.
    Asset::page("/documents/{id}", INDEX_HTML, PAGE_CSP),
    Asset::new(
        "/app.js",
        "text/javascript; charset=utf-8",
        APP_JS.as_bytes(),
    ),
    Asset::new("/app.css", "text/css; charset=utf-8", APP_CSS.as_bytes()),
    Asset::page("/demo", DEMO_HTML, DEMO_CSP),
    Asset::new(
        "/demo.js",
        "text/javascript; charset=utf-8",
        DEMO_JS.as_bytes(),
    ),
    Asset::new(
        "/widget.js",
        "text/javascript; charset=utf-8",
        LOADER_JS.as_bytes(),
    ),
    // `text/javascript` is the type the HTML standard prescribes for scripts; browsers refuse
    // module scripts served with a non-JavaScript type.
    Asset::new(
        "/pkg/tally_widget.js",
        "text/javascript; charset=utf-8",
        WIDGET_JS,
    ),
    // `WebAssembly.instantiateStreaming` (which the glue uses) requires `application/wasm`;
    // with anything else the browser falls back to a slower path and logs a warning.
    Asset::new("/pkg/tally_widget_bg.wasm", "application/wasm", WIDGET_WASM),
    Asset::new(
        "/pkg/tally_embed.js",
        "text/javascript; charset=utf-8",
        EMBED_JS,
    ),
    Asset::new("/pkg/tally_embed_bg.wasm", "application/wasm", EMBED_WASM),
];

/// Registers the page and the widget's files. Call it inside the server's `App`:
/// `App::new().configure(assets::configure)`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    for asset in &ASSETS {
        let respond = move |req: HttpRequest| async move { asset.respond(&req) };
        // A `resource` rather than `web::get()` routes: the latter do not answer HEAD, which
        // `curl -I` and link checkers use; other methods get the API's 405.
        cfg.service(
            web::resource(asset.path)
                .route(web::get().to(respond))
                .route(web::head().to(respond))
                .default_service(crate::routes::method_not_allowed("GET, HEAD".into())),
        );
    }
}

/// 64-bit FNV-1a: tiny, dependency-free and deterministic across builds, which is all an
/// entity tag needs (it guards against stale caches, not against attackers).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{CACHE_CONTROL, ETAG};
    use actix_web::http::{Method, StatusCode};
    // Not `use actix_web::test`: that name is also a macro and would shadow `#[test]`.
    use actix_web::test::{call_and_read_body, call_service, init_service, TestRequest};
    use actix_web::App;

    use super::*;

    const ROUTES: [(&str, &str); 11] = [
        ("/", "text/html; charset=utf-8"),
        (
            "/documents/004_f422c94cc093e5fa",
            "text/html; charset=utf-8",
        ),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "text/css; charset=utf-8"),
        ("/demo", "text/html; charset=utf-8"),
        ("/demo.js", "text/javascript; charset=utf-8"),
        ("/widget.js", "text/javascript; charset=utf-8"),
        ("/pkg/tally_widget.js", "text/javascript; charset=utf-8"),
        ("/pkg/tally_widget_bg.wasm", "application/wasm"),
        ("/pkg/tally_embed.js", "text/javascript; charset=utf-8"),
        ("/pkg/tally_embed_bg.wasm", "application/wasm"),
    ];

    fn header(res: &actix_web::dev::ServiceResponse, name: impl AsRef<str>) -> &str {
        let name = name.as_ref();
        res.headers()
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .unwrap()
    }

    #[actix_web::test]
    async fn serves_each_route_with_its_type_and_caching() {
        let app = init_service(App::new().configure(configure)).await;
        for (path, content_type) in ROUTES {
            for method in [Method::GET, Method::HEAD] {
                let req = TestRequest::default()
                    .method(method.clone())
                    .uri(path)
                    .to_request();
                let res = call_service(&app, req).await;
                assert_eq!(res.status(), StatusCode::OK, "{method} {path}");
                assert_eq!(header(&res, CONTENT_TYPE), content_type, "{method} {path}");
                assert_eq!(header(&res, CACHE_CONTROL), "no-cache", "{method} {path}");
                assert!(header(&res, ETAG).starts_with("W/\""), "{method} {path}");
            }
        }
    }

    #[actix_web::test]
    async fn wasm_is_a_webassembly_module() {
        let app = init_service(App::new().configure(configure)).await;
        for path in ["/pkg/tally_widget_bg.wasm", "/pkg/tally_embed_bg.wasm"] {
            let req = TestRequest::get().uri(path).to_request();
            let body = call_and_read_body(&app, req).await;
            assert!(body.starts_with(b"\0asm"), "{path}: no wasm magic number");
        }
    }

    /// The point of a separate embed crate: publishers' readers download less than the editor.
    #[test]
    fn embed_is_smaller_than_the_editor() {
        assert!(
            EMBED_WASM.len() * 2 < WIDGET_WASM.len(),
            "embed {} bytes, editor {} bytes",
            EMBED_WASM.len(),
            WIDGET_WASM.len()
        );
    }

    #[actix_web::test]
    async fn page_loads_the_widget_and_says_what_it_needs() {
        let app = init_service(App::new().configure(configure)).await;
        let req = TestRequest::get().uri("/").to_request();
        let body = call_and_read_body(&app, req).await;
        let page = std::str::from_utf8(&body).unwrap();
        assert!(page.contains("<noscript>"));
        assert!(page.contains(r#"<script type="module" src="/app.js"></script>"#));
        assert!(page.contains(r#"<link rel="stylesheet" href="/app.css">"#));
        assert!(page.contains(r#"id="tally-app""#));
        assert!(APP_JS.contains(r#"from "/pkg/tally_widget.js""#));
        assert!(APP_JS.contains(r#"module_or_path: "/pkg/tally_widget_bg.wasm""#));
    }

    /// The policies allow what the pages load and nothing inline: no `<script>` with a body
    /// and, on the editor's page, no `<style>` element or `javascript:` anywhere.
    #[actix_web::test]
    async fn pages_carry_a_policy_their_content_keeps_to() {
        let app = init_service(App::new().configure(configure)).await;
        for (path, csp) in [
            ("/", PAGE_CSP),
            ("/documents/x", PAGE_CSP),
            ("/demo", DEMO_CSP),
        ] {
            let req = TestRequest::get().uri(path).to_request();
            let res = call_service(&app, req).await;
            assert_eq!(header(&res, CONTENT_SECURITY_POLICY), csp, "{path}");
            let body = actix_web::test::read_body(res).await;
            let page = std::str::from_utf8(&body).unwrap();
            for tag in page.split("<script").skip(1) {
                let (attrs, rest) = tag.split_once('>').unwrap();
                assert!(attrs.contains("src="), "{path}: an inline script");
                assert!(
                    rest.starts_with("</script>"),
                    "{path}: a script with a body"
                );
            }
            assert!(!page.contains("javascript:"), "{path}");
        }
        assert!(
            !INDEX_HTML.contains("<style"),
            "the editor's CSP allows no <style>"
        );
        assert!(PAGE_CSP.contains("'wasm-unsafe-eval'") && !PAGE_CSP.contains("'unsafe-eval'"));
        assert!(!PAGE_CSP.contains("script-src 'self' 'unsafe-inline'"));
        for js in ["/app.js", "/widget.js"] {
            let req = TestRequest::get().uri(js).to_request();
            let res = call_service(&app, req).await;
            assert!(res.headers().get(CONTENT_SECURITY_POLICY).is_none(), "{js}");
        }
    }

    #[actix_web::test]
    async fn document_pages_get_the_same_shell() {
        let app = init_service(App::new().configure(configure)).await;
        let req = TestRequest::get()
            .uri("/documents/004_f422c94cc093e5fa?quote=x&at=0")
            .to_request();
        let body = call_and_read_body(&app, req).await;
        assert_eq!(&body[..], INDEX_HTML.as_bytes());
    }

    #[actix_web::test]
    async fn demo_page_embeds_the_loader_and_escapes_the_hostile_sentence() {
        let app = init_service(App::new().configure(configure)).await;
        let req = TestRequest::get().uri("/demo").to_request();
        let body = call_and_read_body(&app, req).await;
        let page = std::str::from_utf8(&body).unwrap();
        assert!(page.contains(r##"<script src="/widget.js" data-tally-target="#story" async>"##));
        for id in ["story", "outside", "publisher-button", "publisher-count"] {
            assert!(page.contains(&format!(r#"id="{id}""#)), "{id}");
        }
        assert!(page.contains("Hamas has freed 35 hostages since the truce began."));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!page.contains("<img"));
    }

    /// The loader finds the host from its own `src` and calls the embed glue's exports (not
    /// the editor's, which no longer has `embed`).
    #[test]
    fn loader_calls_what_the_glue_exports() {
        assert!(LOADER_JS.contains("data-tally-target"));
        assert!(LOADER_JS.contains("/pkg/tally_embed.js"));
        assert!(LOADER_JS.contains("/pkg/tally_embed_bg.wasm"));
        assert!(!LOADER_JS.contains("tally_widget"));
        assert!(LOADER_JS.contains(".embed(host, selector)"));
        let js = std::str::from_utf8(EMBED_JS).unwrap();
        assert!(
            js.contains("export function embed("),
            "the loader calls embed()"
        );
        assert!(js.contains(" as default"), "the loader calls init");
        assert!(!js.contains("snippets/"), "the glue imports snippets");
        let widget = std::str::from_utf8(WIDGET_JS).unwrap();
        assert!(!widget.contains("export function embed("));
    }

    /// Guards the page's assumptions about the glue wasm-bindgen generated.
    #[test]
    fn glue_matches_what_is_served() {
        let js = std::str::from_utf8(WIDGET_JS).unwrap();
        assert!(js.contains("export function run("), "the page calls run()");
        // wasm-bindgen writes `export { initSync, __wbg_init as default };`.
        assert!(
            js.contains("export default") || js.contains(" as default"),
            "the page calls the default export, init"
        );
        assert!(
            js.contains("new URL('tally_widget_bg.wasm', import.meta.url)"),
            "init() without an argument fetches the wasm next to the glue"
        );
        // Inline JS snippets from dependencies would be imported from `./snippets/`, which is
        // not served; if that ever appears, serve those files too.
        assert!(
            !js.contains("snippets/"),
            "the glue imports snippets that are not served"
        );
    }

    #[actix_web::test]
    async fn matching_etag_gets_not_modified() {
        let app = init_service(App::new().configure(configure)).await;
        for (path, _) in ROUTES {
            let req = TestRequest::get().uri(path).to_request();
            let res = call_service(&app, req).await;
            let etag = header(&res, ETAG).to_owned();

            let req = TestRequest::get()
                .uri(path)
                .insert_header(("If-None-Match", etag.as_str()))
                .to_request();
            let res = call_service(&app, req).await;
            assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{path}");
            assert_eq!(header(&res, ETAG), etag, "{path}");
            let page = [("/", PAGE_CSP), ("/demo", DEMO_CSP)]
                .into_iter()
                .find(|(p, _)| *p == path);
            if let Some((_, csp)) = page {
                assert_eq!(header(&res, CONTENT_SECURITY_POLICY), csp, "{path}: 304");
            }

            let req = TestRequest::get()
                .uri(path)
                .insert_header(("If-None-Match", r#"W/"0000000000000000""#))
                .to_request();
            let res = call_service(&app, req).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
        }
    }

    #[actix_web::test]
    async fn other_methods_are_not_allowed() {
        let app = init_service(App::new().configure(configure)).await;
        let req = TestRequest::post().uri("/").to_request();
        let res = call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
}
