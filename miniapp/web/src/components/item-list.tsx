import type { ReactNode } from 'react';
import 'antd-mobile/es/components/list/list.css';

/**
 * antd-mobile's List look on real <ul>/<li> elements, for result lists whose size and items
 * screen readers should announce (antd's List renders plain divs).
 */
export function ItemList(props: { label: string; children: ReactNode }) {
  return (
    <div className="adm-list adm-list-card">
      <div className="adm-list-body">
        <ul className="adm-list-body-inner bd-ul" aria-label={props.label}>
          {props.children}
        </ul>
      </div>
    </div>
  );
}

export function Item(props: { children: ReactNode; description?: ReactNode; extra?: ReactNode }) {
  return (
    <li className="adm-list-item">
      <div className="adm-list-item-content">
        <div className="adm-list-item-content-main">
          {props.children}
          {props.description && <div className="adm-list-item-description">{props.description}</div>}
        </div>
        {props.extra && <div className="adm-list-item-content-extra">{props.extra}</div>}
      </div>
    </li>
  );
}
