export { AlertsView, type AlertsViewProps } from './alerts/AlertsView';
