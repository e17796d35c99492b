//! A small writer of printable reports as PDF, on `krilla`: A4 pages of headings, wrapped text
//! and SVG charts (drawn as vectors by `krilla-svg`), with the font (`DejaVu Sans`) embedded in the
//! binary, so nothing is fetched or looked up when a report is made.

use std::sync::{Arc, LazyLock};

use krilla::Document;
use krilla::geom::{Point, Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla_svg::{SurfaceExt, SvgSettings};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The fonts usvg may use for the charts' text: only the embedded one.
static SVG_OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(REGULAR.to_vec());
    fonts.load_font_data(BOLD.to_vec());
    fonts.set_sans_serif_family("DejaVu Sans");
    usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: Arc::new(fonts),
        ..usvg::Options::default()
    }
});

/// A4 in points.
const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
/// The embedded font is wide: an average character takes about this share of the font size.
const CHAR_WIDTH: f32 = 0.58;

/// One block of a report.
#[derive(Clone, Debug)]
pub enum Block {
    /// The report's title.
    Title(String),
    /// A section heading.
    Heading(String),
    /// A paragraph, wrapped to the page.
    Text(String),
    /// A list item, wrapped with a hanging indent.
    Item(String),
    /// A chart as SVG markup, with the caption above it (kept on the chart's page).
    Chart {
        /// What it shows.
        caption: String,
        /// The chart.
        svg: String,
    },
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read.
    #[error("the embedded font could not be read")]
    Font,
    /// A chart's SVG could not be read.
    #[error("a chart could not be read: {0}")]
    Chart(String),
    /// The PDF could not be written.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Splits `text` into lines of at most `width` points at `size`.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let per_line = ((width / (size * CHAR_WIDTH)).floor() as usize).max(10);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// Writes `blocks` as an A4 PDF titled `title`.
pub fn render(title: &str, blocks: &[Block]) -> Result<Vec<u8>, PdfError> {
    let regular = Font::new(REGULAR.into(), 0).ok_or(PdfError::Font)?;
    let bold = Font::new(BOLD.into(), 0).ok_or(PdfError::Font)?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("Tendo".to_string())
            .language("en".to_string()),
    );
    // Lay out first: each page is a list of (y, what to draw).
    enum Draw {
        Line {
            font: bool,
            size: f32,
            x: f32,
            text: String,
        },
        Chart(Box<usvg::Tree>),
    }
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    let mut pages: Vec<Vec<(f32, Draw)>> = vec![Vec::new()];
    let mut y = MARGIN;
    let place = |height: f32, y: &mut f32, pages: &mut Vec<Vec<(f32, Draw)>>, draw: Draw| {
        if *y + height > PAGE_HEIGHT - MARGIN {
            pages.push(Vec::new());
            *y = MARGIN;
        }
        let at = *y;
        *y += height;
        if let Some(page) = pages.last_mut() {
            page.push((at, draw));
        }
    };
    for block in blocks {
        match block {
            Block::Title(text) => {
                for line in wrap(text, 20.0, width) {
                    place(
                        28.0,
                        &mut y,
                        &mut pages,
                        Draw::Line {
                            font: true,
                            size: 20.0,
                            x: MARGIN,
                            text: line,
                        },
                    );
                }
                y += 6.0;
            }
            Block::Heading(text) => {
                y += 10.0;
                for line in wrap(text, 14.0, width) {
                    place(
                        20.0,
                        &mut y,
                        &mut pages,
                        Draw::Line {
                            font: true,
                            size: 14.0,
                            x: MARGIN,
                            text: line,
                        },
                    );
                }
            }
            Block::Text(text) => {
                for line in wrap(text, 10.5, width) {
                    place(
                        15.0,
                        &mut y,
                        &mut pages,
                        Draw::Line {
                            font: false,
                            size: 10.5,
                            x: MARGIN,
                            text: line,
                        },
                    );
                }
                y += 4.0;
            }
            Block::Item(text) => {
                for (index, line) in wrap(text, 10.5, width - 14.0).into_iter().enumerate() {
                    let text = if index == 0 {
                        format!("•  {line}")
                    } else {
                        line
                    };
                    let x = if index == 0 { MARGIN } else { MARGIN + 14.0 };
                    place(
                        15.0,
                        &mut y,
                        &mut pages,
                        Draw::Line {
                            font: false,
                            size: 10.5,
                            x,
                            text,
                        },
                    );
                }
            }
            Block::Chart { caption, svg } => {
                let tree = usvg::Tree::from_str(svg, &SVG_OPTIONS)
                    .map_err(|error| PdfError::Chart(error.to_string()))?;
                let height = width * tree.size().height() / tree.size().width();
                let lines = wrap(caption, 10.5, width);
                let needed = 15.0 * lines.len() as f32 + height + 16.0;
                if y + needed > PAGE_HEIGHT - MARGIN {
                    pages.push(Vec::new());
                    y = MARGIN;
                }
                for line in lines {
                    let text = Draw::Line {
                        font: false,
                        size: 10.5,
                        x: MARGIN,
                        text: line,
                    };
                    place(15.0, &mut y, &mut pages, text);
                }
                y += 4.0;
                place(
                    height + 12.0,
                    &mut y,
                    &mut pages,
                    Draw::Chart(Box::new(tree)),
                );
            }
        }
    }
    let count = pages.len();
    for (number, draws) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| PdfError::Write("bad page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for (top, draw) in draws {
            match draw {
                Draw::Line {
                    font,
                    size,
                    x,
                    text,
                } => {
                    let font = if font { bold.clone() } else { regular.clone() };
                    surface.draw_text(
                        Point::from_xy(x, top + size),
                        font,
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Draw::Chart(tree) => {
                    let height = width * tree.size().height() / tree.size().width();
                    let size = Size::from_wh(width, height)
                        .ok_or_else(|| PdfError::Write("bad chart size".into()))?;
                    surface.push_transform(&Transform::from_translate(MARGIN, top));
                    surface.draw_svg(&tree, size, SvgSettings::default());
                    surface.pop();
                }
            }
        }
        surface.draw_text(
            Point::from_xy(MARGIN, PAGE_HEIGHT - MARGIN / 2.0),
            regular.clone(),
            8.0,
            &format!("{title} · page {} of {count}", number + 1),
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|error| PdfError::Write(format!("{error:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_within_the_page() {
        let lines = wrap(&"word ".repeat(100), 10.5, 495.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|line| line.chars().count() <= 81));
    }

    #[test]
    fn a_report_is_a_pdf() {
        let bytes = render(
            "Test",
            &[
                Block::Title("Progress report".into()),
                Block::Text("Plain words.".into()),
            ],
        )
        .unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
