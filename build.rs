//! Windows only: the icon, version and description in the `.exe`'s resources (what
//! Explorer, the taskbar and the file's Properties show). Other targets need nothing.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=packaging/icons/casa.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon("packaging/icons/casa.ico")
        .set("ProductName", "CASA")
        .set("FileDescription", "CASA — Central Asia Security Atlas")
        .set("InternalName", "casa.exe")
        .set("OriginalFilename", "casa.exe");
    if let Err(e) = resource.compile() {
        // A Windows build without its icon would ship silently wrong: stop, saying why.
        eprintln!("could not compile the Windows resources (icon, version): {e}");
        std::process::exit(1);
    }
}
