//! PDF output: Typst markup compiled in-process by the `typst` crate (pure
//! Rust, fonts embedded in the binary, no network, no external program). One
//! path for every PDF the tool writes: the report and the policy handbook.

pub mod markup;

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, Severity};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

/// A Typst document with nothing outside it: one source, the embedded fonts.
struct Document {
    library: LazyHash<Library>,
    book: &'static LazyHash<FontBook>,
    fonts: &'static [Font],
    main: Source,
}

impl World for Document {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// No clock: the same input gives the same PDF.
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

/// The embedded fonts, parsed once per process.
fn fonts() -> &'static (Vec<Font>, LazyHash<FontBook>) {
    static FONTS: OnceLock<(Vec<Font>, LazyHash<FontBook>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        (fonts, book)
    })
}

/// Compile Typst markup to PDF bytes.
pub fn compile(source: &str) -> Result<Vec<u8>, String> {
    let (fonts, book) = fonts();
    let main = Source::new(FileId::new(None, VirtualPath::new("/main.typ")), source.to_owned());
    let world = Document { library: LazyHash::new(Library::default()), book, fonts, main: main.clone() };
    let doc = typst::compile::<PagedDocument>(&world).output.map_err(|errors| {
        let msgs: Vec<String> = errors
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let at = main.range(d.span).map(|r| format!(" at byte {}", r.start)).unwrap_or_default();
                format!("{}{at}", d.message)
            })
            .collect();
        format!("PDF layout failed: {}", msgs.join("; "))
    })?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        let msgs: Vec<String> = errors.iter().map(|d| d.message.to_string()).collect();
        format!("PDF export failed: {}", msgs.join("; "))
    })
}

/// Page setup and typography shared by every PDF.
pub(crate) fn preamble(title: &str, header: &str) -> String {
    format!(
        r#"#set document(title: {title})
#set page(paper: "a4", margin: (x: 2cm, y: 2.2cm), numbering: "1 / 1", number-align: center,
  header: context {{ if counter(page).get().first() > 1 [#set text(size: 8pt, fill: gray); {header} #h(1fr) {title_text}] }})
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "en")
#set par(justify: false, leading: 0.6em)
#set heading(numbering: none)
#show heading.where(level: 1): set text(size: 18pt)
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#show raw: set text(font: "DejaVu Sans Mono", size: 8.5pt)
#set table(stroke: 0.5pt + luma(180), inset: 5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
"#,
        title = markup::str_lit(title),
        header = markup::text(header),
        title_text = markup::text(title),
    )
}
