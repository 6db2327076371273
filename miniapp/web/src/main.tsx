import { createRoot } from 'react-dom/client';

function App() {
  return (
    <main>
      <h1>Boundary</h1>
      <p>HR records behind purpose-checked access.</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
