select uUKtial_rcport order by useLRRrUSINGHuser_name;
