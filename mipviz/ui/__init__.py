"""The Textual terminal UI (mipviz.ui.app.MipvizApp)."""
