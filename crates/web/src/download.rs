//! Downloads sent as they are read.

use axum::body::Body;
use tendo_app::privacy::ExportDownload;

/// A patient's export as a response body: each chunk is sent as the store reads it. A failure
/// part-way ends the body early (the connection is closed without its last chunk), so a client
/// never takes a cut-off export for a whole one; the failure is logged without patient data.
pub fn export_body(download: ExportDownload) -> Body {
    let chunks = futures_util::stream::unfold(Some(download), |state| async move {
        let mut download = state?;
        match download.next_chunk().await? {
            Ok(chunk) => Some((Ok(chunk), Some(download))),
            Err(error) => {
                tracing::error!(%error, "an export failed part-way");
                Some((
                    Err(std::io::Error::other("the export failed part-way")),
                    None,
                ))
            }
        }
    });
    Body::from_stream(chunks)
}
