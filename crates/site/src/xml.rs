//! Escaping text for XML and HTML, for the files written without a template (the feed,
//! the sitemap, the charts' SVG).

/// Escapes text for XML and HTML, attributes included.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
