// Two pieces, both for the lecture's notebooks in JupyterLab and on RISE slides.
//
// 1. The slideshow app of jupyterlab-rise does not share @jupyterlab/console, which ipywidgets 8 imports, so widgets
// fail to load on RISE slides. Importing it here makes this extension's build provide it (package.json,
// sharedPackages). In JupyterLab itself the newer copy that JupyterLab shares is used, and this adds nothing.
require('@jupyterlab/console');

// 2. A figure's text alternative. IPython sends it as the output's metadata["image/png"]["alt"] (the key of
// IPython.display.Image(alt=...); lecture_utils puts each figure's description there), and nbconvert's templates
// write it on the <img>, but JupyterLab's image renderer (renderImage in @jupyterlab/rendermime) leaves the <img>
// without alt. This renderer is JupyterLab's own, plus that attribute.
const { IRenderMimeRegistry, RenderedImage, imageRendererFactory } = require('@jupyterlab/rendermime');

class DescribedImage extends RenderedImage {
  async render(model) {
    await super.render(model);
    const own = model.metadata[this.mimeType];
    const alt = own && typeof own.alt === 'string' ? own.alt : model.metadata.alt;
    const img = this.node.querySelector('img');
    if (img && typeof alt === 'string') {
      img.alt = alt;
    }
  }
}

module.exports = [{
  id: '@backprop-lecture/rise-widgets:image-alt',
  description: 'Writes an image output\'s metadata "alt" on its <img>.',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  activate: (app, rendermime) => {
    const rank = rendermime.getRank('image/png') ?? imageRendererFactory.defaultRank;
    rendermime.addFactory({ ...imageRendererFactory, createRenderer: options => new DescribedImage(options) }, rank);
  }
}];
