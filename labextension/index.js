// The slideshow app of jupyterlab-rise does not share @jupyterlab/console, which ipywidgets 8 imports, so widgets
// fail to load on RISE slides. Importing it here makes this extension's build provide it (package.json, sharedPackages).
// In JupyterLab itself the newer copy that JupyterLab shares is used, and this extension adds nothing.
require('@jupyterlab/console');

module.exports = [];
