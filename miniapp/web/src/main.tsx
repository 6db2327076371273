import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd-mobile';
import { App } from './app.js';
import './styles.css';

// antd-mobile 5 renders Toast/Dialog with the React 18 API; give it React 19's createRoot.
unstableSetRender((node, container) => {
  const c = container as Element & { _bdRoot?: Root };
  c._bdRoot ??= createRoot(c);
  const root = c._bdRoot;
  root.render(node);
  return async () => {
    await Promise.resolve();
    root.unmount();
    delete c._bdRoot;
  };
});

const el = document.getElementById('root');
if (!el) throw new Error('#root missing from index.html');
createRoot(el).render(<App />);
